/**
 * STOMP over WebSocket at {@code /ws}, internal to the {@code live} module: the
 * configuration, who may connect and subscribe, the registry of open sessions, their
 * outbound flow control, timers and shutdown, and what is counted and logged of the
 * frames refused.
 */
@NullMarked
package com.acme.tracking.live.stomp;

import org.jspecify.annotations.NullMarked;
