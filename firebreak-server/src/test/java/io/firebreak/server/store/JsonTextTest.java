package io.firebreak.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTextTest {
    @Test
    void labelSetsWrittenByHandReadBackUnchangedWithEveryCharacterThatNeedsEscaping() throws Exception {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("alertname", "database_down");
        labels.put("quote\"", "back\\slash");
        labels.put("lines", "a\nb\rc\td");
        labels.put("control", "\u0000\u001f\u2028\u2029");
        labels.put("unicode", "çé ✓ 🔥");
        labels.put("", "");
        String json = JsonText.object(labels);
        Map<String, String> read = new ObjectMapper().readValue(json, new TypeReference<Map<String, String>>() {});
        assertThat(read).containsExactlyEntriesOf(labels);
        assertThat(JsonText.object(Map.of())).isEqualTo("{}");
        assertThat(JsonText.object(Map.of("a", "1"))).isEqualTo(new ObjectMapper().writeValueAsString(Map.of("a", "1")));
    }
}
