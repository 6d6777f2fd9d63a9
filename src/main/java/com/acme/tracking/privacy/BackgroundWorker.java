package com.acme.tracking.privacy;

import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;

/**
 * One thread of this module that runs while the application does: started with it,
 * interrupted at stop and waited for (at most 10 s), as a replica that goes away leaves
 * it.
 */
abstract class BackgroundWorker implements SmartLifecycle {

	private final String name;

	private volatile @Nullable Thread thread;

	private volatile boolean running;

	BackgroundWorker(String name) {
		this.name = name;
	}

	/**
	 * The thread's work: returns when {@link #running()} is false or it is interrupted.
	 */
	abstract void work();

	/** Whether the worker should go on. */
	final boolean running() {
		return this.running;
	}

	@Override
	public synchronized void start() {
		this.running = true;
		Thread worker = new Thread(this::work, this.name);
		worker.setDaemon(true);
		this.thread = worker;
		worker.start();
	}

	@Override
	public synchronized void stop() {
		this.running = false;
		Thread worker = this.thread;
		if (worker != null) {
			worker.interrupt();
			try {
				worker.join(10_000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		this.thread = null;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

}
