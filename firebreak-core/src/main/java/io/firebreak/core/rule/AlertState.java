package io.firebreak.core.rule;

/** The state of one alert instance; an inactive alert has no instance at all. */
public enum AlertState { PENDING, FIRING }
