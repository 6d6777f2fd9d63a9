package com.acme.tracking.access;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A token bucket per client on {@code /v1}: the token's {@code sub}, the share-link
 * token, or the remote address without a token (default 50 requests a second, bursts of
 * 100). Past it: 429 with {@code Retry-After} and a problem body; counted in
 * {@code tracking.http.rate.limited}. Idle buckets are dropped so memory stays bounded.
 */
class RateLimitFilter extends OncePerRequestFilter {

	private static final long IDLE_NANOS = Duration.ofMinutes(2).toNanos();

	private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

	private final double perSecond;

	private final int burst;

	private final Counter limited;

	private volatile long lastSweep = System.nanoTime();

	RateLimitFilter(AccessSettings settings, MeterRegistry meters) {
		this.perSecond = settings.rateLimitPerSecond();
		this.burst = settings.rateLimitBurst();
		this.limited = Counter.builder("tracking.http.rate.limited")
			.description("Requests answered 429 by the per-client rate limit")
			.register(meters);
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !request.getRequestURI().startsWith("/v1/");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long now = System.nanoTime();
		sweep(now);
		Bucket bucket = this.buckets.computeIfAbsent(clientOf(request), (key) -> new Bucket(this.burst, now));
		long waitNanos = bucket.take(now, this.perSecond, this.burst);
		if (waitNanos == 0) {
			chain.doFilter(request, response);
			return;
		}
		this.limited.increment();
		long retryAfter = Math.max(1, (long) Math.ceil(waitNanos / 1e9));
		response.setStatus(429);
		response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter));
		response.setContentType("application/problem+json");
		response.getOutputStream()
			.write(("{\"type\":\"about:blank\",\"title\":\"Too Many Requests\",\"status\":429,"
					+ "\"detail\":\"Rate limit of " + (long) this.perSecond
					+ " requests a second exceeded; retry after " + retryAfter + " s\",\"instance\":\""
					+ request.getRequestURI().replace("\"", "") + "\"}")
				.getBytes(StandardCharsets.UTF_8));
	}

	private static String clientOf(HttpServletRequest request) {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication != null && authentication.isAuthenticated()
				&& !"anonymousUser".equals(authentication.getName())) {
			return "sub:" + authentication.getName();
		}
		String uri = request.getRequestURI();
		if (uri.startsWith("/v1/track/")) {
			return "link:" + uri.substring("/v1/track/".length());
		}
		return "addr:" + request.getRemoteAddr();
	}

	private void sweep(long now) {
		if (now - this.lastSweep < IDLE_NANOS) {
			return;
		}
		this.lastSweep = now;
		this.buckets.values().removeIf((bucket) -> now - bucket.touched > IDLE_NANOS);
	}

	/** Tokens refill continuously; one request takes one. */
	private static final class Bucket {

		private double tokens;

		private long refilledAt;

		private volatile long touched;

		Bucket(int burst, long now) {
			this.tokens = burst;
			this.refilledAt = now;
			this.touched = now;
		}

		/** Takes a token; returns 0, or how long until one is there. */
		synchronized long take(long now, double perSecond, int burst) {
			this.tokens = Math.min(burst, this.tokens + (now - this.refilledAt) * perSecond / 1e9);
			this.refilledAt = now;
			this.touched = now;
			if (this.tokens >= 1) {
				this.tokens -= 1;
				return 0;
			}
			return (long) ((1 - this.tokens) / perSecond * 1e9);
		}

	}

}
