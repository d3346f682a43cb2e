package io.churnreport.demo;

import java.util.SplittableRandom;

/** Picking an index with given relative weights, the one kind of draw the simulation repeats. */
final class Weighted {

	private Weighted() {
	}

	static int pick(double[] weights, SplittableRandom random) {
		double total = 0;
		for (double weight : weights) {
			total += weight;
		}
		double u = random.nextDouble() * total;
		for (int i = 0; i < weights.length; i++) {
			u -= weights[i];
			if (u < 0) {
				return i;
			}
		}
		// rounding can leave u at 0 after the last weight: fall back to the last positive one
		for (int i = weights.length - 1; i >= 0; i--) {
			if (weights[i] > 0) {
				return i;
			}
		}
		throw new IllegalArgumentException("No positive weight");
	}

	static <T> T pick(T[] values, SplittableRandom random) {
		return values[random.nextInt(values.length)];
	}

}
