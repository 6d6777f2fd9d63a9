package com.acme.tracking.access;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A token bucket per client on {@code /v1}, and another on the WebSocket handshake
 * ({@code /ws}), before authentication (default 50 requests a second, bursts of 100).
 * Past it: 429 with {@code Retry-After} and a problem body; counted in
 * {@code tracking.http.rate.limited}.
 *
 * <p>
 * The client is the verified caller where there is one, and its address otherwise, so
 * that a fresh key per request (a random token, a forged link) gains nothing:
 * <ul>
 * <li>a bearer token verified before and still remembered by {@link VerifiedTokens}: its
 * {@code sub} (nothing is verified here, so the limit costs no signature check);</li>
 * <li>a share link ({@code /v1/track/{token}}) whose signature checks: that link;</li>
 * <li>anything else (no token, a token not verified yet or invalid, a forged link): the
 * client's address ({@link ClientAddress}: {@code X-Forwarded-For} only through a trusted
 * proxy). When a token not yet remembered then verifies, the address gets its token back
 * and the caller's own bucket pays instead, so that customers behind one address (a
 * carrier's NAT) do not share its bucket once a minute each.</li>
 * </ul>
 *
 * <p>
 * Memory is bounded: Bucket4j buckets in a Caffeine cache of at most
 * {@code tracking.access.rate-limit-max-clients} entries, each dropped once idle for as
 * long as its bucket takes to fill up again (it would then be the same as a new one).
 */
class RateLimitFilter extends OncePerRequestFilter {

	private static final String TRACK = "/v1/track/";

	private final Cache<String, Bucket> buckets;

	private final Bandwidth limit;

	private final int perSecond;

	private final Counter limited;

	private final VerifiedTokens.HeaderResolver bearer = new VerifiedTokens.HeaderResolver();

	private final @Nullable VerifiedTokens verified;

	private final ShareLinks shareLinks;

	private final ClientAddress addresses;

	RateLimitFilter(AccessSettings settings, @Nullable VerifiedTokens verified, ShareLinks shareLinks,
			MeterRegistry meters) {
		this.perSecond = settings.rateLimitPerSecond();
		this.limit = Bandwidth.builder()
			.capacity(settings.rateLimitBurst())
			.refillGreedy(settings.rateLimitPerSecond(), Duration.ofSeconds(1))
			.build();
		long refillMillis = Math.max(1000,
				(long) Math.ceil(settings.rateLimitBurst() * 1000.0 / settings.rateLimitPerSecond()));
		this.buckets = Caffeine.newBuilder()
			.maximumSize(settings.rateLimitMaxClients())
			.expireAfterAccess(Duration.ofMillis(refillMillis + 1000))
			.executor(Runnable::run)
			.build();
		this.verified = verified;
		this.shareLinks = shareLinks;
		this.addresses = new ClientAddress(settings.trustedProxies());
		this.limited = Counter.builder("tracking.http.rate.limited")
			.description("Requests answered 429 by the per-client rate limit")
			.register(meters);
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String uri = request.getRequestURI();
		return !(uri.startsWith("/v1/") || uri.equals("/ws") || uri.startsWith("/ws/"));
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String token = bearerToken(request);
		String subject = (token != null && this.verified != null) ? this.verified.rememberedSubject(token) : null;
		String client = (subject != null) ? "sub:" + subject : shareLinkOrAddress(request);
		Bucket bucket = bucket(channel(request) + client);
		ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
		if (!probe.isConsumed()) {
			refuse(request, response, probe.getNanosToWaitForRefill());
			return;
		}
		chain.doFilter(request, response);
		if (subject == null && token != null && this.verified != null) {
			String verifiedNow = this.verified.rememberedSubject(token);
			if (verifiedNow != null) {
				bucket.addTokens(1);
				bucket(channel(request) + "sub:" + verifiedNow).consumeIgnoringRateLimits(1);
			}
		}
	}

	/**
	 * REST and the WebSocket handshake have a bucket each per client: polling does not
	 * use up a client's reconnects, nor reconnects its polling.
	 */
	private static String channel(HttpServletRequest request) {
		return request.getRequestURI().startsWith("/ws") ? "ws:" : "";
	}

	/** How many clients have a bucket now. */
	long clients() {
		this.buckets.cleanUp();
		return this.buckets.estimatedSize();
	}

	private Bucket bucket(String client) {
		return this.buckets.get(client, (key) -> Bucket.builder().addLimit(this.limit).build());
	}

	private String shareLinkOrAddress(HttpServletRequest request) {
		String uri = request.getRequestURI();
		if (uri.startsWith(TRACK)) {
			String link = uri.substring(TRACK.length());
			if (link.length() <= 1024 && this.shareLinks.verify(link).isPresent()) {
				return "link:" + link;
			}
		}
		return "addr:" + this.addresses.of(request);
	}

	private @Nullable String bearerToken(HttpServletRequest request) {
		try {
			return this.bearer.resolve(request);
		}
		catch (OAuth2AuthenticationException ex) {
			// malformed: it will be refused; until then it is the address's request
			return null;
		}
	}

	private void refuse(HttpServletRequest request, HttpServletResponse response, long waitNanos) throws IOException {
		this.limited.increment();
		long retryAfter = Math.max(1, (long) Math.ceil(waitNanos / 1e9));
		response.setStatus(429);
		response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter));
		response.setContentType("application/problem+json");
		response.getOutputStream()
			.write(("{\"type\":\"about:blank\",\"title\":\"Too Many Requests\",\"status\":429,"
					+ "\"detail\":\"Rate limit of " + this.perSecond + " requests a second exceeded; retry after "
					+ retryAfter + " s\",\"instance\":\"" + request.getRequestURI().replace("\"", "") + "\"}")
				.getBytes(StandardCharsets.UTF_8));
	}

}
