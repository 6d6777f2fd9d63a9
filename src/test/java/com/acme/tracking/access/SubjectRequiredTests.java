package com.acme.tracking.access;

import java.net.Socket;
import java.net.URI;

import com.acme.tracking.Api;
import com.acme.tracking.BadTokens;
import com.acme.tracking.TrackingIntegrationTest;
import com.acme.tracking.local.RawWebSocket;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.core.KafkaTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14, item 5: a token signed with the right key but naming nobody ({@code sub}
 * missing) is not a customer: 401 on REST, an ERROR frame on STOMP CONNECT (both decode
 * through the same {@link VerifiedTokens}).
 */
@TrackingIntegrationTest
class SubjectRequiredTests {

	@LocalServerPort
	int port;

	@Autowired
	KafkaTemplate<String, byte[]> kafka;

	@Test
	void aSignedTokenWithoutSubjectIsRefusedOnRestAndOnStompConnect() throws Exception {
		String noSubject = BadTokens.forCustomer("unused").get("no subject");
		Api.Response refused = new Api(this.port, this.kafka).get("/v1/orders/" + Api.id("order") + "/tracking",
				noSubject);
		assertThat(refused.status()).isEqualTo(401);
		assertThat(refused.contentType()).startsWith("application/problem+json");
		try (Socket socket = RawWebSocket.open(URI.create("ws://localhost:" + this.port + "/ws"), 65536)) {
			socket.setSoTimeout(5000);
			RawWebSocket.send(socket,
					"CONNECT\naccept-version:1.2\nhost:localhost\nAuthorization:Bearer " + noSubject + "\n\n\0");
			StringBuilder text = new StringBuilder();
			RawWebSocket.readUntilClosed(socket, text);
			assertThat(text.toString()).startsWith("ERROR").contains("Unauthorized");
		}
	}

}
