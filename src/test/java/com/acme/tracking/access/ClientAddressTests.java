package com.acme.tracking.access;

import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which client the rate limit charges for a request ({@link RateLimitFilterTests} counts
 * the requests that get through; this names the key itself): the connection's peer,
 * {@code X-Forwarded-For} only as far as trusted proxies wrote it, an IPv6 client by its
 * /64, and never a DNS lookup of whatever a client wrote.
 */
class ClientAddressTests {

	private final ClientAddress direct = new ClientAddress(List.of());

	private final ClientAddress behindProxies = new ClientAddress(List.of("10.0.0.0/8", "2001:db8:ffff::/48"));

	@Test
	void withoutTrustedProxiesTheClientIsThePeerWhateverItWritesInXForwardedFor() {
		assertThat(this.direct.of(request("198.51.100.7", "203.0.113.9"))).isEqualTo("198.51.100.7");
		assertThat(this.direct.of(request("198.51.100.7", "203.0.113.10, 10.0.0.1"))).isEqualTo("198.51.100.7");
	}

	@Test
	void aPeerThatIsNotATrustedProxyIsTheClientEvenWhenProxiesAreConfigured() {
		assertThat(this.behindProxies.of(request("198.51.100.7", "203.0.113.9"))).isEqualTo("198.51.100.7");
	}

	@Test
	void behindTrustedProxiesTheClientIsTheFirstHopFromTheRightThatIsNotOne() {
		// the left-most entry is whatever the client wrote itself: never read
		String forwarded = "192.0.2.66, 203.0.113.9, 10.2.0.1, 10.3.0.1";
		assertThat(this.behindProxies.of(request("10.1.0.1", forwarded))).isEqualTo("203.0.113.9");
	}

	@Test
	void severalXForwardedForHeadersAreReadAsOneListInTheirOrder() {
		MockHttpServletRequest request = request("10.1.0.1", "192.0.2.66, 203.0.113.9");
		request.addHeader("X-Forwarded-For", "10.2.0.1");
		assertThat(this.behindProxies.of(request)).isEqualTo("203.0.113.9");
	}

	@Test
	void aChainOfTrustedProxiesOnlyEndsAtTheHopFurthestFromUs() {
		assertThat(this.behindProxies.of(request("10.1.0.1", "10.9.0.1, 10.2.0.1"))).isEqualTo("10.9.0.1");
	}

	@Test
	void whatNoTrustedProxyCouldHaveWrittenEndsTheReadingAtTheLastProxy() {
		assertThat(this.behindProxies.of(request("10.1.0.1", "203.0.113.9, not-an-address, 10.2.0.1")))
			.isEqualTo("10.2.0.1");
		assertThat(this.behindProxies.of(request("10.1.0.1", "203.0.113.9, 999.1.1.1"))).isEqualTo("10.1.0.1");
	}

	@Test
	void aHostNameInXForwardedForIsNeverLookedUp() {
		// resolved, "localhost" would become 127.0.0.1: a fresh key chosen by the client
		assertThat(this.behindProxies.of(request("10.1.0.1", "localhost"))).isEqualTo("10.1.0.1");
	}

	@Test
	void noMoreThanSixteenHopsOfALongHeaderAreRead() {
		String thirty = String.join(", ", IntStream.range(0, 30).mapToObj((i) -> "10.0.0." + i).toList());
		// read from the right: 10.0.0.29 down to 10.0.0.14, then no more
		assertThat(this.behindProxies.of(request("10.1.0.1", thirty))).isEqualTo("10.0.0.14");
	}

	@Test
	void anIpv6ClientIsKeyedByItsSlash64WhateverItsInterfaceIdOrNotation() {
		String key = this.direct.of(request("2001:db8:1:2::5", null));
		assertThat(this.direct.of(request("2001:db8:1:2:ffff:ffff:ffff:ffff", null))).isEqualTo(key);
		assertThat(this.direct.of(request("2001:0DB8:0001:0002:0000:0000:0000:0001", null))).isEqualTo(key);
		assertThat(this.direct.of(request("2001:db8:1:3::5", null))).as("the next /64 is another client")
			.isNotEqualTo(key);
		assertThat(key).isEqualTo("2001:db8:1:2::/64");
	}

	@Test
	void anIpv4MappedIpv6PeerIsTheSameClientAsItsIpv4Address() {
		assertThat(this.direct.of(request("::ffff:198.51.100.7", null))).isEqualTo("198.51.100.7");
	}

	@Test
	void anIpv6ClientBehindAnIpv6TrustedProxyIsKeyedByItsSlash64() {
		assertThat(this.behindProxies.of(request("2001:db8:ffff:1::10", "2001:db8:aaaa:bbbb:1:2:3:4")))
			.isEqualTo("2001:db8:aaaa:bbbb::/64");
	}

	@Test
	void trustedProxiesAreAddressesOrCidrRangesOfTheRightWidth() {
		assertThat(List.of("10.0.0.0/8", "192.0.2.1", "192.0.2.1/32", "0.0.0.0/0", "2001:db8::/32", "::1",
				"2001:db8::/128", " 10.0.0.0/8 "))
			.allMatch(ClientAddress::isRange);
		assertThat(List.of("10.0.0.0/33", "2001:db8::/129", "10.0.0.0/-1", "10.0.0.0/x", "10.0.0.0/8/8", "/8",
				"ingress.local", "localhost", "10.0.0", "256.0.0.1", "fe80::1%eth0", ""))
			.noneMatch(ClientAddress::isRange);
	}

	private static MockHttpServletRequest request(String peer, String forwardedFor) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/v1/orders/o1/tracking");
		request.setRemoteAddr(peer);
		if (forwardedFor != null) {
			request.addHeader("X-Forwarded-For", forwardedFor);
		}
		return request;
	}

}
