package com.acme.tracking.live.sse;

import java.io.IOException;

import jakarta.servlet.ServletException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.ActionCode;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Lets an SSE stream drop its connection at once. The Servlet API can only complete a
 * response, and a completed response first writes what the container still holds: to a
 * client that stopped reading, never (Tomcat would give up only at its connection
 * timeout). Tomcat can drop a connection without writing (what it does itself after a
 * failed write); a valve hands each request that action as a {@link Runnable} in the
 * request attribute {@value #ABORT}, which {@link SseResponse} runs for a slow client.
 */
@Configuration(proxyBeanMethods = false)
class SseConnections {

	/** The request attribute holding the Runnable that drops the connection. */
	static final String ABORT = "tracking.live.abort-connection";

	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> sseAbort() {
		return (factory) -> factory.addContextValves(new AbortValve());
	}

	/** Puts the abort action on every request to an event stream. */
	static final class AbortValve extends ValveBase {

		AbortValve() {
			super(true);
		}

		@Override
		public void invoke(Request request, Response response) throws IOException, ServletException {
			if (request.getRequestURI().endsWith("/events")) {
				request.setAttribute(ABORT, new Abort(request));
			}
			getNext().invoke(request, response);
		}

	}

	/**
	 * Drops the connection of one request. Tomcat recycles its request objects: once the
	 * request is over (its attributes cleared) this does nothing.
	 */
	private static final class Abort implements Runnable {

		private final Request request;

		Abort(Request request) {
			this.request = request;
		}

		@Override
		public void run() {
			if (this.request.getAttribute(ABORT) == this) {
				this.request.getCoyoteRequest().action(ActionCode.CLOSE_NOW, null);
			}
		}

	}

}
