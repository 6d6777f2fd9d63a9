package com.acme.tracking.access;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Reads a {@link Caller} from a validated JWT: {@code sub}, {@code roles},
 * {@code partner_id}.
 */
public final class Callers {

	private Callers() {
	}

	public static Caller fromJwt(Jwt jwt) {
		Set<Caller.Role> roles = EnumSet.noneOf(Caller.Role.class);
		Object claim = jwt.getClaims().get("roles");
		if (claim instanceof Collection<?> values) {
			for (Object value : values) {
				try {
					roles.add(Caller.Role.valueOf(String.valueOf(value).toUpperCase(Locale.ROOT)));
				}
				catch (IllegalArgumentException ex) {
					// a role of another service: not ours to grant anything
				}
			}
		}
		return new Caller(jwt.getSubject(), Set.copyOf(roles), jwt.getClaimAsString("partner_id"), null);
	}

}
