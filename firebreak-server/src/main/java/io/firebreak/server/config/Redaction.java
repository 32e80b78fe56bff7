package io.firebreak.server.config;

import java.util.regex.Pattern;

/**
 * Hides the secret parts of URLs before they are printed: the password of a {@code user:password@}
 * user-info, and the value of every query or JDBC parameter whose name looks like a credential
 * ({@code password}, {@code token}, {@code api_key}, {@code secret}, {@code signature}, ...). Works
 * on a bare URL and on a message with URLs in it, so an error text can be passed through whole.
 * Masking too much is preferred over masking too little: a parameter named {@code monkey} is hidden too.
 */
public final class Redaction {
    private Redaction() {}

    /**
     * {@code scheme://user:password@}: the user stays (it says which account), the password goes. The
     * password may hold {@code :} or {@code /} but not {@code @}, {@code ?}, {@code #} or blanks, so a
     * {@code host:port/path?mail=a@b} without user-info is left alone.
     */
    private static final Pattern USER_INFO = Pattern.compile("(?i)([a-z][a-z0-9+.-]*://[^\\s:/@?#'\"]*):[^\\s@?#'\"]*@");

    /** {@code name=value} where the name contains a credential word and does not continue a longer word before it. */
    private static final Pattern CREDENTIAL_PARAMETER = Pattern.compile(
            "(?i)(?<![\\w.-])([\\w.-]*(?:pass|pwd|token|secret|key|sig|auth|credential|session)[\\w.-]*)=([^&;#\\s'\"]*)");

    /** {@code text} with every URL password and credential parameter value replaced by {@link Secret#MASK}. */
    public static String url(String text) {
        if (text == null) {
            return "";
        }
        String withoutUserInfo = USER_INFO.matcher(text).replaceAll(match -> java.util.regex.Matcher.quoteReplacement(
                match.group(1) + ":" + Secret.MASK + "@"));
        return CREDENTIAL_PARAMETER.matcher(withoutUserInfo).replaceAll(match -> java.util.regex.Matcher.quoteReplacement(
                match.group(1) + "=" + Secret.MASK));
    }
}
