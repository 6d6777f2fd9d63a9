package com.acme.tracking.access;

import org.jspecify.annotations.Nullable;

import org.springframework.core.MethodParameter;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/** Lets a controller method take the {@link Caller} of an authenticated request. */
class CallerArgumentResolver implements HandlerMethodArgumentResolver {

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return parameter.getParameterType() == Caller.class;
	}

	@Override
	public Caller resolveArgument(MethodParameter parameter, @Nullable ModelAndViewContainer container,
			NativeWebRequest request, @Nullable WebDataBinderFactory binders) {
		Caller caller = from(SecurityContextHolder.getContext().getAuthentication());
		if (caller == null) {
			throw new IllegalStateException("No authenticated caller for " + parameter);
		}
		return caller;
	}

	static @Nullable Caller from(@Nullable Authentication authentication) {
		if (!(authentication instanceof JwtAuthenticationToken token)) {
			return null;
		}
		return Callers.fromJwt(token.getToken());
	}

}
