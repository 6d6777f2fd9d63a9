package com.acme.tracking.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code Tracking-Webhook-Signature} header: {@code v1=} and the hex HMAC-SHA256 of
 * {@code timestamp + "." + body} with a secret; during a rotation's overlap one
 * {@code v1=} per secret, separated by a space. A receiver accepts the request when any
 * of them matches one of its secrets and the timestamp is recent.
 */
final class Signatures {

	private Signatures() {
	}

	static String header(List<String> secrets, long timestamp, byte[] body) {
		return secrets.stream().map((secret) -> "v1=" + sign(secret, timestamp, body)).collect(Collectors.joining(" "));
	}

	static String sign(String secret, long timestamp, byte[] body) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(mac.doFinal(body));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
