package com.acme.tracking.live;

import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Push to clients ({@code tracking.live.*}).
 *
 * @param positionInterval positions are conflated per subscription: at most one per
 * interval, the newest wins (status and notifications are never dropped)
 * @param heartbeat STOMP heartbeats both ways, and the comment line of an idle SSE
 * stream, to find peers that vanished
 * @param sendTimeLimit a WebSocket send or SSE write that takes longer closes the session
 * or stream
 * @param sendBufferLimit a WebSocket session or SSE stream whose unsent data exceeds this
 * is closed
 * @param messageSizeLimit largest inbound STOMP message
 * @param maxPendingMessages a session or SSE stream with more messages waiting than this
 * is a client that stopped reading: it is closed (and counted) so memory stays bounded
 * @param outboundThreads threads that write to WebSocket sessions, and as many that write
 * to SSE streams
 * @param blockingSendTimeout how long one WebSocket write may block before it fails
 * @param allowedOrigins browser origins allowed to open {@code /ws} (patterns); empty:
 * same origin only. Clients that send no Origin (apps, partners) are not affected
 * @param sseTimeout an SSE stream is closed after this long (clients reconnect with
 * Last-Event-ID)
 * @param sessionBufferSize each WebSocket's read, write and message buffers (see
 * {@code WebSocketMemory}): small, because a replica holds many sessions
 * @param socketSendBuffer the kernel's send buffer of each client connection (SO_SNDBUF;
 * Linux would otherwise grow it to 4 MB per connection): bounds the kernel memory a
 * client that stopped reading can hold, so the send limits find it in seconds
 * @param firstMessageTimeout a WebSocket that sends no STOMP frame (CONNECT) within this
 * is closed: idle sockets of misbehaving or hostile clients hold no connection slot
 * @param maxSubscriptionsPerSession a STOMP session holds at most this many subscriptions
 * at once; a SUBSCRIBE past it gets an ERROR frame
 * @param maxStreamsPerCustomer SSE streams plus STOMP sessions one customer (or one share
 * link: each link is its own caller) holds open at once on a replica; past it, 429 (SSE)
 * or an ERROR frame (STOMP CONNECT)
 * @param maxStreamsPerPartner the same for a partner
 * @param maxStreamsPerSupport the same for a support agent
 */
@Validated
@ConfigurationProperties("tracking.live")
public record LiveSettings(@DefaultValue("1s") @NotNull Duration positionInterval,
		@DefaultValue("10s") @NotNull Duration heartbeat, @DefaultValue("10s") @NotNull Duration sendTimeLimit,
		@DefaultValue("512KB") @NotNull DataSize sendBufferLimit,
		@DefaultValue("64KB") @NotNull DataSize messageSizeLimit, @DefaultValue("256") @Min(8) int maxPendingMessages,
		@DefaultValue("16") @Min(1) int outboundThreads, @DefaultValue("5s") @NotNull Duration blockingSendTimeout,
		@DefaultValue("") List<String> allowedOrigins, @DefaultValue("30m") @NotNull Duration sseTimeout,
		@DefaultValue("1KB") @NotNull DataSize sessionBufferSize,
		@DefaultValue("64KB") @NotNull DataSize socketSendBuffer,
		@DefaultValue("10s") @NotNull Duration firstMessageTimeout,
		@DefaultValue("50") @Min(1) int maxSubscriptionsPerSession,
		// caps per caller (StreamCaps)
		@DefaultValue("10") @Min(1) int maxStreamsPerCustomer, @DefaultValue("1000") @Min(1) int maxStreamsPerPartner,
		@DefaultValue("1000") @Min(1) int maxStreamsPerSupport) {
}
