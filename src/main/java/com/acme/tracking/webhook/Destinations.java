package com.acme.tracking.webhook;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * Where a webhook may point (server-side request forgery): an absolute {@code https} URL
 * without credentials, whose host resolves only to public addresses. Refused: loopback,
 * private (10/8, 172.16/12, 192.168/16, fc00::/7), carrier-grade NAT (100.64/10),
 * link-local (169.254/16 with the cloud metadata address 169.254.169.254, fe80::/10),
 * multicast, unspecified and IPv4-mapped forms of those. Checked at registration and
 * again before every delivery (DNS may change), on the address the call then uses. The
 * local runtime also allows {@code http://localhost}
 * ({@code tracking.webhooks.allow-localhost}).
 */
final class Destinations {

	/** Resolves a host name (a seam for tests of re-resolution). */
	interface Resolver {

		List<InetAddress> resolve(String host) throws UnknownHostException;

	}

	static final Resolver DNS = (host) -> List.of(InetAddress.getAllByName(host));

	private final Resolver resolver;

	private final boolean allowLocalhost;

	Destinations(Resolver resolver, boolean allowLocalhost) {
		this.resolver = resolver;
		this.allowLocalhost = allowLocalhost;
	}

	/** Why this URL is refused, or null when it may be called now. */
	@Nullable String problem(String url) {
		URI uri;
		try {
			uri = new URI(url);
		}
		catch (java.net.URISyntaxException ex) {
			return "'url' is not a URL";
		}
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
		String host = uri.getHost();
		if (!uri.isAbsolute() || host == null || uri.getUserInfo() != null || uri.getFragment() != null) {
			return "'url' must be an absolute URL with a host, no user info and no fragment";
		}
		boolean localhost = this.allowLocalhost && host.equalsIgnoreCase("localhost")
				&& (scheme.equals("http") || scheme.equals("https"));
		if (localhost) {
			return null;
		}
		if (!scheme.equals("https")) {
			return "'url' must use https";
		}
		List<InetAddress> addresses;
		try {
			addresses = this.resolver.resolve(host);
		}
		catch (UnknownHostException ex) {
			return "'url' names a host that does not resolve";
		}
		for (InetAddress address : addresses) {
			if (!isPublic(address)) {
				return "'url' resolves to a private, loopback, link-local or otherwise non-public address";
			}
		}
		return addresses.isEmpty() ? "'url' names a host that does not resolve" : null;
	}

	static boolean isPublic(InetAddress address) {
		if (address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress()
				|| address.isMulticastAddress() || address.isAnyLocalAddress()) {
			return false;
		}
		byte[] b = address.getAddress();
		if (address instanceof Inet4Address) {
			int first = b[0] & 0xff;
			int second = b[1] & 0xff;
			return !(first == 0 || first >= 240 || (first == 100 && second >= 64 && second < 128)
					|| (first == 192 && second == 0 && (b[2] & 0xff) == 0) || (first == 198 && (second & 0xfe) == 18));
		}
		if (address instanceof Inet6Address) {
			int first = b[0] & 0xff;
			// unique local fc00::/7; IPv4-mapped ::ffff:a.b.c.d judged as the IPv4
			// address
			if ((first & 0xfe) == 0xfc) {
				return false;
			}
			boolean mapped = true;
			for (int i = 0; i < 10; i++) {
				mapped &= b[i] == 0;
			}
			if (mapped && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
				try {
					return isPublic(InetAddress.getByAddress(java.util.Arrays.copyOfRange(b, 12, 16)));
				}
				catch (UnknownHostException ex) {
					return false;
				}
			}
		}
		return true;
	}

}
