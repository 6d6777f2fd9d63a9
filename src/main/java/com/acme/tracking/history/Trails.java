package com.acme.tracking.history;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Downsamples a trail to at most {@code max} points keeping its shape
 * (Visvalingam–Whyatt): repeatedly drops the point whose triangle with its neighbours has
 * the smallest area, so straight stretches thin out first and turns stay; the first and
 * last points always stay.
 */
public final class Trails {

	private Trails() {
	}

	public static <T> List<T> simplify(List<T> points, int max, java.util.function.ToDoubleFunction<T> x,
			java.util.function.ToDoubleFunction<T> y) {
		int n = points.size();
		if (n <= max || n <= 2) {
			return points;
		}
		double[] xs = new double[n];
		double[] ys = new double[n];
		for (int i = 0; i < n; i++) {
			xs[i] = x.applyAsDouble(points.get(i));
			ys[i] = y.applyAsDouble(points.get(i));
		}
		int[] prev = new int[n];
		int[] next = new int[n];
		double[] area = new double[n];
		boolean[] removed = new boolean[n];
		PriorityQueue<double[]> queue = new PriorityQueue<>((a, b) -> Double.compare(a[0], b[0]));
		for (int i = 0; i < n; i++) {
			prev[i] = i - 1;
			next[i] = i + 1;
		}
		for (int i = 1; i < n - 1; i++) {
			area[i] = triangle(xs, ys, i - 1, i, i + 1);
			queue.add(new double[] { area[i], i });
		}
		int remaining = n;
		while (remaining > max && !queue.isEmpty()) {
			double[] smallest = queue.poll();
			int i = (int) smallest[1];
			if (removed[i] || smallest[0] != area[i]) {
				continue;
			}
			removed[i] = true;
			remaining--;
			int p = prev[i];
			int q = next[i];
			next[p] = q;
			prev[q] = p;
			for (int j : new int[] { p, q }) {
				if (j > 0 && j < n - 1) {
					// A neighbour's area never drops below the removed one's (keeps the
					// order).
					area[j] = Math.max(triangle(xs, ys, prev[j], j, next[j]), smallest[0]);
					queue.add(new double[] { area[j], j });
				}
			}
		}
		List<T> kept = new ArrayList<>(remaining);
		for (int i = 0; i < n; i++) {
			if (!removed[i]) {
				kept.add(points.get(i));
			}
		}
		return kept;
	}

	private static double triangle(double[] xs, double[] ys, int a, int b, int c) {
		return Math.abs((xs[b] - xs[a]) * (ys[c] - ys[a]) - (xs[c] - xs[a]) * (ys[b] - ys[a])) / 2;
	}

}
