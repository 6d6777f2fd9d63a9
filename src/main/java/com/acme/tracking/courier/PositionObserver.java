package com.acme.tracking.courier;

/**
 * Hears of every courier fix that became the courier's position (not of late ones). Runs
 * on the ingest thread: keep it fast, non-blocking and free of I/O.
 */
public interface PositionObserver {

	/**
	 * Called with the fix that just became its courier's position.
	 * @param position the fix
	 */
	void moved(Position position);

}
