/**
 * An order's push messages as Server-Sent Events, internal to the {@code live} module:
 * the endpoint, the open streams, and each stream's non-blocking writer.
 */
@NullMarked
package com.acme.tracking.live.sse;

import org.jspecify.annotations.NullMarked;
