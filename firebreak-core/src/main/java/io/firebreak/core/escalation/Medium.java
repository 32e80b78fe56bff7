package io.firebreak.core.escalation;

/**
 * How a policy's page channels reach a person: a Slack mention needs their Slack id, an email their
 * address; {@link #ANY} is a channel that pages without a personal address (PagerDuty, which pages
 * whoever it has on call; the console). A person none of the policy's media can reach is paged nobody.
 */
public enum Medium {
    SLACK, EMAIL, ANY
}
