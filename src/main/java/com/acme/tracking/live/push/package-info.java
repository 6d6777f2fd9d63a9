/**
 * What the STOMP and SSE channels share, internal to the {@code live} module: the
 * subscriptions of this replica's clients and the fan-out of the hot state's changes to
 * them ({@link com.acme.tracking.live.push.LivePush}), conflation, the resume buffer and
 * the caps per caller.
 */
@NullMarked
package com.acme.tracking.live.push;

import org.jspecify.annotations.NullMarked;
