package com.acme.tracking.webhook;

import com.acme.tracking.Api;
import com.acme.tracking.TrackingIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.core.KafkaTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The registration API against the embedded operational database: a partner manages its
 * own webhooks only, support any; the secret is shown once; addresses an attacker could
 * use to reach the inside are refused.
 */
@TrackingIntegrationTest
class WebhookRegistrationTests {

	/** A public address (no DNS needed). */
	static final String PUBLIC = "https://93.184.215.14/hooks/tracking";

	@LocalServerPort
	int port;

	@Autowired
	KafkaTemplate<String, byte[]> kafka;

	Api api;

	final String partnerId = Api.id("partner");

	String partner;

	@BeforeEach
	void setUp() {
		this.api = new Api(this.port, this.kafka);
		this.partner = this.api.token(Api.id("partner-user"), "partner", this.partnerId);
	}

	@Test
	void aPartnerRegistersSeesChangesRotatesAndDeletesItsWebhook() {
		Api.Response created = this.api.post(base(), this.partner,
				"{\"url\":\"" + PUBLIC + "\",\"kinds\":[\"ARRIVED\",\"STATUS\"]}");
		assertThat(created.status()).isEqualTo(201);
		JsonNode body = created.json();
		String id = body.get("id").stringValue();
		assertThat(created.header("Location")).isEqualTo(base() + "/" + id);
		assertThat(body.get("secret").stringValue()).startsWith("whsec_").hasSizeGreaterThan(40);
		assertThat(body.get("enabled").booleanValue()).isTrue();
		assertThat(body.get("kinds").toString()).isEqualTo("[\"STATUS\",\"ARRIVED\"]");

		// the secret is never shown again
		Api.Response list = this.api.get(base(), this.partner);
		assertThat(list.status()).isEqualTo(200);
		assertThat(list.json().get("items")).hasSize(1);
		assertThat(list.body()).doesNotContain("whsec_").doesNotContain("secret\"");
		Api.Response one = this.api.get(base() + "/" + id, this.partner);
		assertThat(one.json().get("url").stringValue()).isEqualTo(PUBLIC);
		assertThat(one.body()).doesNotContain("whsec_");

		Api.Response changed = this.api.patch(base() + "/" + id, this.partner,
				"{\"kinds\":[\"ARRIVING\"],\"enabled\":false}");
		assertThat(changed.status()).isEqualTo(200);
		assertThat(changed.json().get("enabled").booleanValue()).isFalse();
		assertThat(changed.json().get("kinds").toString()).isEqualTo("[\"ARRIVING\"]");

		Api.Response rotated = this.api.post(base() + "/" + id + "/rotate-secret", this.partner, "");
		assertThat(rotated.status()).isEqualTo(200);
		assertThat(rotated.json().get("secret").stringValue()).startsWith("whsec_")
			.isNotEqualTo(body.get("secret").stringValue());
		assertThat(this.api.get(base() + "/" + id, this.partner).json().get("previousSecretValidUntil").isNull())
			.isFalse();

		assertThat(this.api.delete(base() + "/" + id, this.partner).status()).isEqualTo(204);
		assertThat(this.api.get(base() + "/" + id, this.partner).status()).isEqualTo(404);
	}

	@Test
	void noOneButThePartnerAndSupportSeesOrManagesItsWebhooks() {
		String id = this.api.post(base(), this.partner, "{\"url\":\"" + PUBLIC + "\"}").json().get("id").stringValue();
		String otherPartner = this.api.token(Api.id("user"), "partner", Api.id("partner"));
		String customer = this.api.token(Api.id("customer"), "customer");
		for (String stranger : new String[] { otherPartner, customer }) {
			assertThat(this.api.get(base(), stranger).status()).isEqualTo(404);
			assertThat(this.api.get(base() + "/" + id, stranger).status()).isEqualTo(404);
			assertThat(this.api.patch(base() + "/" + id, stranger, "{\"enabled\":false}").status()).isEqualTo(404);
			assertThat(this.api.post(base() + "/" + id + "/rotate-secret", stranger, "").status()).isEqualTo(404);
			assertThat(this.api.delete(base() + "/" + id, stranger).status()).isEqualTo(404);
			assertThat(this.api.post(base(), stranger, "{\"url\":\"" + PUBLIC + "\"}").status()).isEqualTo(404);
		}
		// the same 404 as for a webhook that does not exist
		assertThat(this.api.get(base() + "/" + java.util.UUID.randomUUID(), this.partner).status()).isEqualTo(404);
		String support = this.api.token(Api.id("agent"), "support");
		assertThat(this.api.get(base() + "/" + id, support).status()).isEqualTo(200);
		assertThat(this.api.get(base() + "/" + id, this.partner).json().get("enabled").booleanValue()).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "https://127.0.0.1/hook", "https://10.1.2.3/hook", "https://172.16.0.9/hook",
			"https://192.168.1.1/hook", "https://169.254.169.254/latest/meta-data", "https://100.64.0.1/hook",
			"https://[::1]/hook", "https://[fd00::1]/hook", "https://[fe80::1]/hook", "https://[::ffff:10.0.0.1]/hook",
			"https://0.0.0.0/hook", "https://224.0.0.1/hook", "http://93.184.215.14/hook",
			"https://user:pass@93.184.215.14/hook", "ftp://93.184.215.14/hook", "not a url" })
	void addressesInsideTheNetworkOrWithoutTlsAreRefused(String url) {
		Api.Response refused = this.api.post(base(), this.partner, "{\"url\":\"" + url + "\"}");
		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.json().get("parameter").stringValue()).isEqualTo("url");
		assertThat(this.api.get(base(), this.partner).json().get("items")).isEmpty();
	}

	private String base() {
		return "/v1/partners/" + this.partnerId + "/webhooks";
	}

}
