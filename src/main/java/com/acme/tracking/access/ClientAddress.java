package com.acme.tracking.access;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.security.web.util.matcher.IpAddressMatcher;

/**
 * The address of the client behind a request, for the rate limit.
 *
 * <p>
 * {@code X-Forwarded-For} is believed only as far as it was written by a trusted proxy
 * ({@code tracking.access.trusted-proxies}): starting from the connection's peer, while
 * the hop is a trusted proxy, the entry it appended (the right-most one not yet read)
 * names the next hop; the first hop that is not a trusted proxy is the client. With no
 * trusted proxy (the default) the header is ignored, so a client cannot choose a fresh
 * address per request by writing it. We do this here rather than with Tomcat's
 * {@code RemoteIpValve} ({@code server.forward-headers-strategy=native}): its trust list
 * is a regular expression, not CIDR ranges, and by default it trusts every private
 * address; Spring Boot even switches it on by itself on Kubernetes, which is why
 * {@code application.yaml} sets {@code server.forward-headers-strategy: none}.
 *
 * <p>
 * An IPv6 client is keyed by its /64 prefix: a single host is usually handed a whole /64
 * and could otherwise use a fresh address per request.
 */
final class ClientAddress {

	/** No more hops are read than this (a header the client wrote can be long). */
	private static final int MAX_HOPS = 16;

	private final List<IpAddressMatcher> trusted;

	ClientAddress(List<String> trustedProxies) {
		List<IpAddressMatcher> matchers = new ArrayList<>();
		for (String proxy : trustedProxies) {
			matchers.add(new IpAddressMatcher(proxy.strip()));
		}
		this.trusted = List.copyOf(matchers);
	}

	/** The client's address (an IPv6 one as its /64 prefix), as the rate limit's key. */
	String of(HttpServletRequest request) {
		String client = request.getRemoteAddr();
		if (!this.trusted.isEmpty() && isTrusted(client)) {
			List<String> hops = forwardedFor(request);
			for (int i = hops.size() - 1; i >= 0 && i >= hops.size() - MAX_HOPS; i--) {
				String hop = hops.get(i);
				if (!isLiteral(hop)) {
					// not written by a proxy we trust: stop at the last hop we could read
					break;
				}
				client = hop;
				if (!isTrusted(hop)) {
					break;
				}
			}
		}
		return key(client);
	}

	private boolean isTrusted(String address) {
		if (!isLiteral(address)) {
			return false;
		}
		for (IpAddressMatcher matcher : this.trusted) {
			if (matcher.matches(address)) {
				return true;
			}
		}
		return false;
	}

	private static List<String> forwardedFor(HttpServletRequest request) {
		Enumeration<String> headers = request.getHeaders("X-Forwarded-For");
		if (headers == null) {
			return List.of();
		}
		List<String> hops = new ArrayList<>();
		for (String header : Collections.list(headers)) {
			for (String hop : header.split(",")) {
				if (!hop.isBlank()) {
					hops.add(hop.strip());
				}
			}
		}
		return hops;
	}

	private static String key(String address) {
		InetAddress parsed = parse(address);
		if (parsed instanceof Inet6Address v6) {
			byte[] bytes = v6.getAddress();
			StringBuilder prefix = new StringBuilder();
			for (int i = 0; i < 8; i += 2) {
				prefix.append(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff))).append(':');
			}
			return prefix.append(":/64").toString();
		}
		return (parsed != null) ? parsed.getHostAddress() : address;
	}

	/**
	 * Whether {@code text} is an address or a CIDR range
	 * ({@code tracking.access.trusted-proxies}).
	 */
	static boolean isRange(String text) {
		String[] parts = text.strip().split("/", -1);
		if (parts.length > 2 || !isLiteral(parts[0])) {
			return false;
		}
		if (parts.length == 2) {
			int bits;
			try {
				bits = Integer.parseInt(parts[1]);
			}
			catch (NumberFormatException ex) {
				return false;
			}
			int max = (parse(parts[0]) instanceof Inet6Address) ? 128 : 32;
			return bits >= 0 && bits <= max;
		}
		return true;
	}

	/**
	 * Whether {@code text} is an IPv4 or IPv6 address literal: only those are parsed, so
	 * that no name is ever looked up in DNS.
	 */
	static boolean isLiteral(String text) {
		if (text.isEmpty() || text.length() > 45) {
			return false;
		}
		if (text.indexOf(':') >= 0) {
			for (int i = 0; i < text.length(); i++) {
				char c = text.charAt(i);
				if (!(c == ':' || c == '.' || Character.digit(c, 16) >= 0)) {
					return false;
				}
			}
			return parse(text) != null;
		}
		return text.matches("(25[0-5]|2[0-4]\\d|1?\\d?\\d)(\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)){3}");
	}

	private static @Nullable InetAddress parse(String literal) {
		if (literal.isEmpty() || !(literal.indexOf(':') >= 0 || Character.isDigit(literal.charAt(0)))) {
			return null;
		}
		try {
			// a literal (checked by the callers): no lookup
			return InetAddress.getByName(literal);
		}
		catch (UnknownHostException | SecurityException ex) {
			return null;
		}
	}

}
