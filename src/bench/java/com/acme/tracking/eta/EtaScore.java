package com.acme.tracking.eta;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.acme.tracking.history.EtaAccuracy;

/**
 * The accuracy of a set of ETA readings: mean absolute error, p50 and p90 of the absolute
 * error, and the share of readings within the windows of the public TransitApp ETA
 * benchmark, per bucket of real time to arrival; the score is the mean of the buckets'
 * shares. The error is the real arrival minus the predicted arrival. The windows are the
 * service's own ({@link EtaAccuracy#WINDOWS}, which {@code GET /v1/eta/accuracy} and the
 * {@code tracking_eta_*} metrics judge by), so the bench and the service measure alike.
 */
public final class EtaScore {

	/** One reading: how far the arrival really was, and the error of the prediction. */
	record Reading(long realSeconds, long errorSeconds) {
	}

	private final List<Reading> readings = new ArrayList<>();

	public void add(long realSeconds, long predictedSeconds) {
		this.readings.add(new Reading(realSeconds, realSeconds - predictedSeconds));
	}

	public int size() {
		return this.readings.size();
	}

	public double mae() {
		return this.readings.stream().mapToLong((r) -> Math.abs(r.errorSeconds())).average().orElse(Double.NaN);
	}

	long quantile(double q) {
		long[] errors = this.readings.stream().mapToLong((r) -> Math.abs(r.errorSeconds())).sorted().toArray();
		return (errors.length == 0) ? -1 : errors[(int) Math.min(errors.length - 1, Math.floor(q * errors.length))];
	}

	/** The share within the window, per bucket (NaN for an empty bucket). */
	double[] shares() {
		List<EtaAccuracy.Window> windows = EtaAccuracy.WINDOWS;
		double[] shares = new double[windows.size()];
		for (int b = 0; b < windows.size(); b++) {
			EtaAccuracy.Window window = windows.get(b);
			int in = 0;
			int all = 0;
			for (Reading r : this.readings) {
				if (EtaAccuracy.window(r.realSeconds()) == window) {
					all++;
					if (window.within(r.errorSeconds())) {
						in++;
					}
				}
			}
			shares[b] = (all == 0) ? Double.NaN : (double) in / all;
		}
		return shares;
	}

	/** The mean of the non-empty buckets' shares. */
	public double score() {
		return Arrays.stream(shares()).filter((s) -> !Double.isNaN(s)).average().orElse(Double.NaN);
	}

	public String row(String name) {
		StringBuilder row = new StringBuilder(String.format("| %-28s | %6d | %7.0f s | %5d s | %6d s | %5.1f %% |",
				name, size(), mae(), quantile(0.5), quantile(0.9), 100 * score()));
		for (double share : shares()) {
			row.append(Double.isNaN(share) ? "    - |" : String.format(" %4.0f %% |", 100 * share));
		}
		return row.toString();
	}

	public static String header() {
		StringBuilder header = new StringBuilder(
				"| ETA                          | readings |     MAE |    p50 |     p90 |   score |");
		StringBuilder line = new StringBuilder("|---|---|---|---|---|---|");
		for (EtaAccuracy.Window window : EtaAccuracy.WINDOWS) {
			header.append(' ').append(window.until()).append(" |");
			line.append("---|");
		}
		return header + "\n" + line;
	}

}
