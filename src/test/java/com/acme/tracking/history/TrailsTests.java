package com.acme.tracking.history;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@code maxPoints} does to an order's trail: at most that many points, the shape
 * kept (turns stay, straight stretches thin out), the ends and the order of the points
 * untouched.
 */
class TrailsTests {

	record Point(double x, double y) {
	}

	@Test
	void aTrailWithinTheLimitIsReturnedAsItIs() {
		List<Point> trail = List.of(new Point(0, 0), new Point(1, 5), new Point(2, 0));
		assertThat(simplify(trail, 3)).isSameAs(trail);
		assertThat(simplify(trail, 100)).isSameAs(trail);
	}

	@Test
	void straightStretchesThinOutAndTheTurnStays() {
		// east along y = 0, then north along x = 10: an L of 21 points
		List<Point> trail = new ArrayList<>();
		for (int x = 0; x <= 10; x++) {
			trail.add(new Point(x, 0));
		}
		for (int y = 1; y <= 10; y++) {
			trail.add(new Point(10, y));
		}
		assertThat(simplify(trail, 3)).containsExactly(new Point(0, 0), new Point(10, 0), new Point(10, 10));
	}

	@Test
	void theFirstAndLastPointsAlwaysStay() {
		List<Point> trail = List.of(new Point(0, 0), new Point(1, 10), new Point(2, -10), new Point(3, 10),
				new Point(4, 0));
		assertThat(simplify(trail, 2)).containsExactly(new Point(0, 0), new Point(4, 0));
	}

	@Test
	void aDetourOutlastsJitterAlongTheWay() {
		// a straight road with GPS jitter of a centimetre, and a detour round a block
		// from x = 8 to x = 12
		List<Point> trail = new ArrayList<>();
		for (int x = 0; x <= 20; x++) {
			boolean detour = x >= 8 && x <= 12;
			trail.add(new Point(x, detour ? 6 : ((x % 2 == 0) ? 0.01 : -0.01)));
		}
		assertThat(simplify(trail, 6)).containsExactly(trail.get(0), trail.get(7), trail.get(8), trail.get(12),
				trail.get(13), trail.get(20));
	}

	@Test
	void aCornerWhereTheCourierSlowedDownStaysThoughItsSamplesAreDense() {
		// east for a kilometre with 2 m of jitter every 100 m, slowing down into the
		// corner
		// (fixes a few metres apart there), then north for a kilometre: each fix near
		// the corner spans a tiny triangle at first, but the corner is the trail's shape
		List<Point> trail = new ArrayList<>();
		for (int x = 0; x < 1000; x += 100) {
			trail.add(new Point(x, ((x / 100) % 2 == 1) ? 2 : -2));
		}
		for (int x : new int[] { 990, 995, 998, 1000 }) {
			trail.add(new Point(x, 0));
		}
		for (int y : new int[] { 2, 5, 10 }) {
			trail.add(new Point(1000, y));
		}
		for (int y = 100; y <= 1000; y += 100) {
			trail.add(new Point(((y / 100) % 2 == 1) ? 1002 : 998, y));
		}
		assertThat(simplify(trail, 3)).containsExactly(new Point(0, -2), new Point(1000, 0), new Point(998, 1000));
	}

	@Test
	void theResultKeepsTheTrailsOrderAndHoldsExactlyTheLimit() {
		List<Point> trail = new ArrayList<>();
		for (int i = 0; i < 500; i++) {
			// a spiral: every point is a small turn
			double angle = i * 0.1;
			trail.add(new Point(i * Math.cos(angle), i * Math.sin(angle)));
		}
		List<Point> kept = simplify(trail, 50);
		assertThat(kept).hasSize(50);
		assertThat(kept).isSubsetOf(trail);
		List<Integer> positions = kept.stream().map(trail::indexOf).toList();
		assertThat(positions).isSorted().doesNotHaveDuplicates();
	}

	private static List<Point> simplify(List<Point> trail, int max) {
		return Trails.simplify(trail, max, Point::x, Point::y);
	}

}
