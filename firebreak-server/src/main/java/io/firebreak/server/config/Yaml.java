package io.firebreak.server.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.firebreak.core.time.Durations;
import java.io.IOException;
import java.time.Duration;

/** The one ObjectMapper configuration for Firebreak's YAML files: snake_case keys, Prometheus durations, strict types. */
public final class Yaml {
    private Yaml() {}

    public static ObjectMapper mapper() {
        ObjectMapper mapper = new ObjectMapper();
        mapper.setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
        mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        mapper.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        mapper.enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY);
        // A YAML list where a string belongs is a mistake, not something to flatten.
        mapper.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Array, CoercionAction.Fail);
        SimpleModule durations = new SimpleModule("firebreak-durations");
        durations.addDeserializer(Duration.class, new DurationDeserializer());
        mapper.registerModule(durations);
        return mapper;
    }

    /** {@code 30s}, {@code 5m}, {@code 1h30m}; a bare number is refused because its unit would be a guess. */
    static final class DurationDeserializer extends StdScalarDeserializer<Duration> {
        DurationDeserializer() {
            super(Duration.class);
        }

        @Override
        public Duration deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String text = parser.getValueAsString();
            if (text == null) {
                return (Duration) context.handleUnexpectedToken(Duration.class, parser);
            }
            return Durations.parse(text).orElseThrow(() -> new IllegalArgumentException(
                    "invalid duration '" + text + "' (use a number and a unit: 500ms, 30s, 5m, 1h, 7d)"));
        }
    }
}
