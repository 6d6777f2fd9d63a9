package com.acme.tracking.live.stomp;

import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessagingException;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.MessageHeaderAccessor;
import org.springframework.web.socket.messaging.StompSubProtocolErrorHandler;

/**
 * What the log says about STOMP frames that are refused. Spring answers each with an
 * ERROR frame and a close (1002), and its handler would log a frame that does not parse,
 * or one over the message size limit, at ERROR with a stack trace: any client could fill
 * the log. That logger is off ({@code application.yaml}) and this handler, which Spring
 * calls for every such frame, takes over: a frame that does not decode is counted in
 * {@code tracking.push.refused{reason="protocol-error"}}, every one (its ERROR ends the
 * session, whose further input is not read: one per session), and logged as one WARN line
 * without a stack, at most one every {@value #LOG_INTERVAL_SECONDS} s per kind, saying
 * how many were left out. Frames that decode but are refused (by
 * {@link StompAuthorization}, which counts them, or by Spring: a frame before CONNECT)
 * are logged the same way. A failure of ours behind a frame is logged at ERROR with its
 * stack, rate-limited too. The ERROR frame the client gets is Spring's.
 */
final class StompErrors extends StompSubProtocolErrorHandler {

	static final long LOG_INTERVAL_SECONDS = 5;

	private static final Log log = LogFactory.getLog(StompErrors.class);

	/** The longest part of an error message that goes into a log line. */
	private static final int MAX_MESSAGE = 200;

	private final StompSessions sessions;

	private final StompRefusals refusals;

	private final RateLimitedLog lines;

	StompErrors(StompSessions sessions, StompRefusals refusals) {
		this(sessions, refusals, System::nanoTime);
	}

	StompErrors(StompSessions sessions, StompRefusals refusals, LongSupplier nanoTime) {
		this.sessions = sessions;
		this.refusals = refusals;
		this.lines = new RateLimitedLog(log, TimeUnit.SECONDS.toNanos(LOG_INTERVAL_SECONDS), nanoTime);
	}

	@Override
	public @Nullable Message<byte[]> handleClientMessageProcessingError(@Nullable Message<byte[]> clientMessage,
			Throwable ex) {
		if (clientMessage == null) {
			// the frame did not decode: it does not parse, or it is over the size limit
			if (!this.sessions.badFrame()) {
				return null; // the session's ERROR is on its way
			}
			this.refusals.count("protocol-error");
			this.lines.warn("protocol-error", "STOMP frame refused (protocol-error): " + text(ex));
		}
		else if (ex.getCause() == null || ex.getCause() instanceof MessagingException) {
			String command = command(clientMessage);
			this.lines.warn(command, "STOMP " + command + " refused: " + text(ex));
		}
		else {
			this.lines.error("failure", "STOMP " + command(clientMessage) + " failed: " + text(ex), ex);
		}
		return super.handleClientMessageProcessingError(clientMessage, ex);
	}

	private static String command(Message<byte[]> message) {
		StompHeaderAccessor stomp = MessageHeaderAccessor.getAccessor(message, StompHeaderAccessor.class);
		StompCommand command = (stomp != null) ? stomp.getCommand() : null;
		return (command != null) ? command.name().toLowerCase(Locale.ROOT) : "frame";
	}

	/**
	 * An exception's message as it may go into a log line: the client chose part of it,
	 * so it is cut short and loses its control characters.
	 */
	static String text(Throwable ex) {
		String message = String.valueOf(ex.getMessage());
		if (message.length() > MAX_MESSAGE) {
			message = message.substring(0, MAX_MESSAGE) + "…";
		}
		StringBuilder text = new StringBuilder(message.length());
		message.codePoints().forEach((c) -> text.appendCodePoint(Character.isISOControl(c) ? '?' : c));
		return text.toString();
	}

}
