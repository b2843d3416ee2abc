package dev.dbadapter.adapter.supabase.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** How each kind of Supabase API key is recognised, sent and shown, without a server. */
class ApiKeyTest {
    static String jwt(String claims) {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        return base64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + base64.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + ".c2lnbmF0dXJl";
    }

    @Test
    void currentKeysGoInApikeyOnlyAndShowOnlyTheirPrefix() {
        ApiKey secret = ApiKey.of("  sb_secret_abc123  ");
        assertThat(secret).isEqualTo(new ApiKey("sb_secret_abc123", ApiKey.Kind.SECRET, null));
        assertThat(secret.headers()).containsExactly(java.util.Map.entry("apikey", "sb_secret_abc123"));
        assertThat(secret.masked()).isEqualTo("sb_secret_***");
        assertThat(secret.description()).isEqualTo("the secret key (sb_secret_…)");
        ApiKey publishable = ApiKey.of("sb_publishable_xyz");
        assertThat(publishable.kind()).isEqualTo(ApiKey.Kind.PUBLISHABLE);
        assertThat(publishable.masked()).isEqualTo("sb_publishable_***");
        assertThat(publishable.description()).isEqualTo("the publishable key (sb_publishable_…)");
        assertThat(secret.toString() + publishable).doesNotContain("abc123").doesNotContain("xyz");
    }

    @Test
    void aLegacyJwtGoesInApikeyAndAuthorizationAndIsShownByItsRole() {
        String token = jwt("{\"role\":\"service_role\",\"iss\":\"supabase\"}");
        ApiKey key = ApiKey.of(token);
        assertThat(key).isEqualTo(new ApiKey(token, ApiKey.Kind.LEGACY_JWT, "service_role"));
        assertThat(key.headers()).containsExactly(java.util.Map.entry("apikey", token),
                java.util.Map.entry("Authorization", "Bearer " + token));
        assertThat(key.masked()).isEqualTo("*** (legacy JWT, role service_role)");
        assertThat(key.description()).isEqualTo("the legacy JWT key of role service_role");
        assertThat(key.toString()).isEqualTo("ApiKey[the legacy JWT key of role service_role]");
    }

    @Test
    void aJwtWithoutATextRoleIsLegacyWithAnUnknownRole() {
        assertThat(ApiKey.of(jwt("{\"sub\":\"x\"}")).role()).isEqualTo("unknown");
        assertThat(ApiKey.of(jwt("{\"role\":7}")).role()).isEqualTo("unknown");
        assertThat(ApiKey.of(jwt("null")).role()).isEqualTo("unknown");
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain-key", "a.b", "a.b.c.d", "x.%%%.y", "x.bm90IGpzb24.y"})
    void anythingElseIsAnUnknownKeySentInApikeyOnlyAndFullyMasked(String value) {
        ApiKey key = ApiKey.of(value);
        assertThat(key.kind()).isEqualTo(ApiKey.Kind.UNKNOWN);
        assertThat(key.role()).isNull();
        assertThat(key.headers()).containsOnlyKeys("apikey");
        assertThat(key.masked()).isEqualTo("***");
        assertThat(key.description()).isEqualTo("an API key that is neither an sb_ key nor a JWT");
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "   "})
    void aMissingKeyIsRefusedSayingHowToSetIt(String value) {
        assertThatThrownBy(() -> ApiKey.of(value)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The Supabase API key is empty: set api_key (for example api_key = \"${SUPABASE_KEY}\")"
                        + " to the project's secret or service_role key");
    }
}
