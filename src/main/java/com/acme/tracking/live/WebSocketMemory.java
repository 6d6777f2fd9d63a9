package com.acme.tracking.live;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;

/**
 * What an open WebSocket costs in memory. A replica holds tens of thousands of mostly
 * idle sessions, and Tomcat's defaults give each one about 70 KB of buffers allocated up
 * front (8 KB per buffer, text buffers in 2-byte chars: frame input, whole-message text
 * and binary buffers, output and encoder buffers, the socket's read and write buffers).
 * Our sessions receive a few small frames (CONNECT, SUBSCRIBE) and send messages of a few
 * hundred bytes, so the buffers are sized to that
 * ({@code tracking.live.session-buffer-size}). Larger inbound frames still work: the
 * STOMP handler takes partial messages and reassembles frames up to
 * {@code tracking.live.message-size-limit}; larger outbound messages are written in
 * several pieces. The kernel's send buffer of a connection is fixed
 * ({@code tracking.live.socket-send-buffer}) so a client that stopped reading holds
 * little and is found by the send limits. Measured in BENCHMARKS.md (B3, B5).
 */
@Configuration(proxyBeanMethods = false)
class WebSocketMemory {

	/**
	 * Tomcat's WebSocket frame and output buffers: a JVM-wide system property, read once
	 * when Tomcat's WebSocket classes load, so it is set before the web server starts (an
	 * explicit {@code -Dorg.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE} wins).
	 */
	static final String TOMCAT_BUFFER_PROPERTY = "org.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE";

	@Bean
	ServletServerContainerFactoryBean webSocketContainer(LiveSettings settings) {
		ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
		int size = (int) settings.sessionBufferSize().toBytes();
		container.setMaxTextMessageBufferSize(size);
		container.setMaxBinaryMessageBufferSize(size);
		return container;
	}

	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> webSocketBuffers(LiveSettings settings) {
		String size = Long.toString(settings.sessionBufferSize().toBytes());
		return (factory) -> {
			if (System.getProperty(TOMCAT_BUFFER_PROPERTY) == null) {
				System.setProperty(TOMCAT_BUFFER_PROPERTY, size);
			}
			factory.addConnectorCustomizers((connector) -> {
				connector.setProperty("socket.appReadBufSize", size);
				connector.setProperty("socket.appWriteBufSize", size);
				connector.setProperty("socket.txBufSize", Long.toString(settings.socketSendBuffer().toBytes()));
			});
		};
	}

}
