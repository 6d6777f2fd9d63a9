package com.acme.tracking.access;

import java.util.Map;

import com.acme.tracking.shared.CustomerIds;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.MediaType;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Records every {@code /v1} request of a support agent or an auditor, whatever it
 * answered, once it is answered: the operation (method and path template), the path and
 * query with customer ids as their pseudonyms, the order it concerns, the client's
 * address, the status. The console's requests say so ({@code Tracking-Channel: console});
 * event streams are recorded by their controller (channel {@code sse}) when they start.
 */
final class AuditInterceptor implements HandlerInterceptor {

	/** The header the support console sends with its requests. */
	static final String CHANNEL_HEADER = "Tracking-Channel";

	private final AuditLog audit;

	private final ClientAddress addresses;

	private final CustomerIds customers;

	AuditInterceptor(AuditLog audit, ClientAddress addresses, CustomerIds customers) {
		this.audit = audit;
		this.addresses = addresses;
		this.customers = customers;
	}

	@Override
	public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler,
			@Nullable Exception ex) {
		if (!(handler instanceof HandlerMethod) || request.getDispatcherType() != DispatcherType.REQUEST) {
			return;
		}
		Caller caller = CallerArgumentResolver.from(SecurityContextHolder.getContext().getAuthentication());
		if (caller == null || !(caller.isSupport() || caller.isAuditor())) {
			return;
		}
		String contentType = response.getContentType();
		if (contentType != null && contentType.startsWith(MediaType.TEXT_EVENT_STREAM_VALUE)) {
			return;
		}
		Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
		String action = request.getMethod() + " " + ((pattern != null) ? pattern : request.getRequestURI());
		String channel = "console".equals(request.getHeader(CHANNEL_HEADER)) ? "console" : "rest";
		this.audit.record(caller, action, resource(request), orderId(request), channel, this.addresses.of(request),
				Integer.toString(response.getStatus()));
	}

	/** The path and query, customer ids in the query replaced by their pseudonyms. */
	private String resource(HttpServletRequest request) {
		UriComponentsBuilder uri = UriComponentsBuilder.fromPath(request.getRequestURI());
		request.getParameterMap().forEach((name, values) -> {
			for (String value : values) {
				uri.queryParam(name, "customerId".equals(name) ? pseudonym(value) : value);
			}
		});
		String resource = uri.build().toUriString();
		return (resource.length() > 512) ? resource.substring(0, 512) : resource;
	}

	private String pseudonym(String customerId) {
		return this.customers.available() ? this.customers.pseudonym(customerId) : AuditLog.pseudonym(customerId);
	}

	private static @Nullable String orderId(HttpServletRequest request) {
		Object variables = request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
		if (variables instanceof Map<?, ?> map && map.get("orderId") instanceof String orderId) {
			return orderId;
		}
		return request.getParameter("orderId");
	}

}
