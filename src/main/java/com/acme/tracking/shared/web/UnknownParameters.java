package com.acme.tracking.shared.web;

import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;

import org.springframework.core.MethodParameter;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.util.StringUtils;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * A query parameter the endpoint does not take is a 400 naming it, on every {@code /v1}
 * endpoint, instead of being ignored ({@code ?limt=10} silently served the default page,
 * {@code ?form=...} the default range). The parameters an endpoint takes are read from
 * its handler method's {@link RequestParam}s, so a new endpoint needs nothing more; one
 * that binds a map or a model object of parameters is not checked. Also a query string
 * that cannot be decoded (an invalid %-encoding) is a 400 naming the parameter whose
 * value is broken.
 */
class UnknownParameters implements HandlerInterceptor {

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		if (!(handler instanceof HandlerMethod method)) {
			return true;
		}
		Set<String> known = known(method);
		if (known == null) {
			return true;
		}
		Enumeration<String> names;
		try {
			names = request.getParameterNames();
		}
		catch (RuntimeException ex) {
			// the container could not decode the query string
			String broken = QueryStrings.firstUndecodable(request.getQueryString());
			throw new Unknown(BadRequests.parameterProblem((broken != null) ? broken : "query",
					"cannot be decoded: not valid %-encoded UTF-8"));
		}
		Set<String> unknown = new TreeSet<>();
		while (names.hasMoreElements()) {
			String name = names.nextElement();
			if (!known.contains(name)) {
				unknown.add(name);
			}
		}
		if (unknown.isEmpty()) {
			return true;
		}
		List<String> printable = unknown.stream().map(QueryStrings::printable).toList();
		String takes = known.isEmpty() ? "it takes none" : "it takes " + String.join(", ", known);
		ProblemDetail problem = BadRequests.parameterProblem(printable.get(0),
				"is not a parameter of this endpoint (" + takes + ")");
		if (printable.size() > 1) {
			problem.setDetail("Parameters '" + String.join("', '", printable)
					+ "' are not parameters of this endpoint (" + takes + ")");
		}
		problem.setProperty("parameters", printable);
		throw new Unknown(problem);
	}

	/** The names of the method's request parameters, or null when it takes any. */
	private static @Nullable Set<String> known(HandlerMethod method) {
		Set<String> names = new TreeSet<>();
		for (MethodParameter parameter : method.getMethodParameters()) {
			if (parameter.hasParameterAnnotation(ModelAttribute.class)) {
				return null;
			}
			RequestParam param = parameter.getParameterAnnotation(RequestParam.class);
			if (param == null) {
				continue;
			}
			if (Map.class.isAssignableFrom(parameter.getParameterType())) {
				return null;
			}
			String name = StringUtils.hasText(param.name()) ? param.name() : parameter.getParameterName();
			if (name == null) {
				return null;
			}
			names.add(name);
		}
		return names;
	}

	/** 400 naming the parameters. */
	static final class Unknown extends ErrorResponseException {

		Unknown(ProblemDetail problem) {
			super(HttpStatus.BAD_REQUEST, problem, null);
		}

	}

	/** Reading a raw query string for the problem's wording. */
	static final class QueryStrings {

		private QueryStrings() {
		}

		/** The first parameter whose name or value is not valid %-encoded UTF-8. */
		static @Nullable String firstUndecodable(@Nullable String query) {
			if (query == null) {
				return null;
			}
			for (String pair : query.split("&")) {
				int equals = pair.indexOf('=');
				String name = (equals < 0) ? pair : pair.substring(0, equals);
				String value = (equals < 0) ? "" : pair.substring(equals + 1);
				if (!decodable(value) || !decodable(name)) {
					return decodable(name) ? printable(decode(name)) : "query";
				}
			}
			return null;
		}

		private static boolean decodable(String text) {
			try {
				decode(text);
				return true;
			}
			catch (IllegalArgumentException ex) {
				return false;
			}
		}

		private static String decode(String text) {
			byte[] bytes = new byte[text.length()];
			int n = 0;
			for (int i = 0; i < text.length(); i++) {
				char c = text.charAt(i);
				if (c == '%') {
					if (i + 2 >= text.length()) {
						throw new IllegalArgumentException("truncated %-escape");
					}
					int hi = Character.digit(text.charAt(i + 1), 16);
					int lo = Character.digit(text.charAt(i + 2), 16);
					if (hi < 0 || lo < 0) {
						throw new IllegalArgumentException("not a %-escape");
					}
					bytes[n++] = (byte) ((hi << 4) + lo);
					i += 2;
				}
				else {
					bytes[n++] = (byte) ((c == '+') ? ' ' : c);
				}
			}
			try {
				return java.nio.charset.StandardCharsets.UTF_8.newDecoder()
					.decode(java.nio.ByteBuffer.wrap(bytes, 0, n))
					.toString();
			}
			catch (java.nio.charset.CharacterCodingException ex) {
				throw new IllegalArgumentException("not UTF-8", ex);
			}
		}

		/** A name safe to echo: control characters replaced, at most 64 characters. */
		static String printable(String name) {
			StringBuilder out = new StringBuilder();
			name.codePoints().limit(64).forEach((c) -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
			return (name.length() > 64) ? out + "…" : out.toString();
		}

	}

}
