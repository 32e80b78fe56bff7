package io.firebreak.server.config;

/** Where the HTTP API and UI listen, and the URL people use to reach them (for links in messages). */
public record ServerConfig(String listen, String externalUrl) {
    public ServerConfig {
        listen = listen == null || listen.isBlank() ? "127.0.0.1:8080" : listen.strip();
        externalUrl = externalUrl == null || externalUrl.isBlank() ? "http://" + listen : externalUrl.strip();
    }
}
