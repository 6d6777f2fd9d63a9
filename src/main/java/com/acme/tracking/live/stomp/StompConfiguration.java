package com.acme.tracking.live.stomp;

import java.util.Map;

import com.acme.tracking.live.LiveSettings;
import com.acme.tracking.live.push.LivePush;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.messaging.simp.config.ChannelRegistration;
import org.springframework.messaging.simp.config.MessageBrokerRegistry;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.config.annotation.EnableWebSocketMessageBroker;
import org.springframework.web.socket.config.annotation.StompEndpointRegistry;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketTransportRegistration;
import org.springframework.web.socket.server.HandshakeInterceptor;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * STOMP over native WebSocket at {@code /ws} (no SockJS). The simple broker only answers
 * CONNECT and sends heartbeats: pushes go from {@link LivePush} straight to each
 * subscription, because what a subscriber may see of an order depends on who it is.
 * Transport limits close clients that stop reading; heartbeats find peers that vanished;
 * browsers are held to the origin allow-list; frames refused are logged by
 * {@link StompErrors}, rate-limited. Ordered before Spring Security's configurer
 * (PITFALLS.md), though we do not use its message security.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSocketMessageBroker
@Order(Ordered.HIGHEST_PRECEDENCE + 99)
class StompConfiguration implements WebSocketMessageBrokerConfigurer, DisposableBean {

	private final LiveSettings settings;

	private final StompAuthorization authorization;

	private final StompSessions sessions;

	private final StompOutbound outbound;

	private final SessionTimers timers;

	private final StompRefusals refusals;

	private final ThreadPoolTaskScheduler heartbeats = new ThreadPoolTaskScheduler();

	StompConfiguration(LiveSettings settings, StompAuthorization authorization, StompSessions sessions,
			StompOutbound outbound, SessionTimers timers, StompRefusals refusals) {
		this.settings = settings;
		this.authorization = authorization;
		this.sessions = sessions;
		this.outbound = outbound;
		this.timers = timers;
		this.refusals = refusals;
		this.heartbeats.setPoolSize(1);
		this.heartbeats.setThreadNamePrefix("stomp-heartbeat-");
		this.heartbeats.initialize();
	}

	@Override
	public void registerStompEndpoints(StompEndpointRegistry registry) {
		registry.addEndpoint("/ws")
			.addInterceptors(new MalformedOriginRefusal())
			.setAllowedOriginPatterns(this.settings.allowedOrigins().toArray(String[]::new));
		registry.setErrorHandler(new StompErrors(this.sessions, this.refusals));
	}

	@Override
	public void configureMessageBroker(MessageBrokerRegistry registry) {
		long heartbeat = this.settings.heartbeat().toMillis();
		registry.enableSimpleBroker("/topic")
			.setHeartbeatValue(new long[] { heartbeat, heartbeat })
			.setTaskScheduler(this.heartbeats);
		registry.setApplicationDestinationPrefixes("/app");
		registry.setPreservePublishOrder(true);
	}

	/**
	 * Spring wraps each session in its own send buffer
	 * ({@code ConcurrentWebSocketSessionDecorator}), bounded by the send-time and
	 * send-buffer limits given here. It is a queue of a push too, between
	 * {@link StompOutbound}'s and {@link NonBlockingSession}'s, but one that stays empty:
	 * it holds a message only while another send to the same session is under way, and
	 * sends to a {@link NonBlockingSession} return at once. Its limits stay as Spring's
	 * backstop; ours are the {@link NonBlockingSession}'s, from the same settings.
	 */
	@Override
	public void configureWebSocketTransport(WebSocketTransportRegistration registration) {
		registration.setTimeToFirstMessage((int) this.settings.firstMessageTimeout().toMillis())
			.setSendTimeLimit((int) this.settings.sendTimeLimit().toMillis())
			.setSendBufferSizeLimit((int) this.settings.sendBufferLimit().toBytes())
			.setMessageSizeLimit((int) this.settings.messageSizeLimit().toBytes())
			.addDecoratorFactory((handler) -> new SessionDecorator(handler, this.sessions, this.outbound, this.timers,
					this.refusals, this.settings));
	}

	@Override
	public void configureClientInboundChannel(ChannelRegistration registration) {
		registration.interceptors(this.authorization);
	}

	@Override
	public void configureClientOutboundChannel(ChannelRegistration registration) {
		registration.taskExecutor()
			.corePoolSize(this.settings.outboundThreads())
			.maxPoolSize(this.settings.outboundThreads());
		registration.interceptors(this.outbound);
	}

	@Override
	public void destroy() {
		this.heartbeats.shutdown();
	}

	/**
	 * Refuses (403) a handshake whose Origin header is not a URL: Spring's origin check
	 * would fail on it with an exception (a 500) instead of a refusal.
	 */
	static final class MalformedOriginRefusal implements HandshakeInterceptor {

		@Override
		public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response,
				WebSocketHandler wsHandler, Map<String, Object> attributes) {
			String origin = request.getHeaders().getOrigin();
			if (origin == null) {
				return true;
			}
			try {
				UriComponentsBuilder.fromUriString(origin).build();
				return true;
			}
			catch (RuntimeException ex) {
				response.setStatusCode(HttpStatus.FORBIDDEN);
				return false;
			}
		}

		@Override
		public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
				@Nullable Exception exception) {
		}

	}

}
