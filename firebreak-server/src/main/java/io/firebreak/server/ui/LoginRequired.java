package io.firebreak.server.ui;

/** A page was asked for without a live session: the person is sent to the login form, then back. */
final class LoginRequired extends RuntimeException {
    LoginRequired() {
        super("login required", null, false, false);
    }
}
