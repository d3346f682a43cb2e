package io.churnreport.risk;

import java.util.Arrays;

/**
 * The labelled rows a model is fitted on, held compactly (model values as floats, one row after
 * another), each with a weight: a sampled-out share of the customers who stayed is stood for by
 * the weight of those kept.
 */
final class TrainingRows {

	private final int width;

	private float[] values;

	private boolean[] churned;

	private float[] weights;

	private int size;

	TrainingRows(int width) {
		this.width = width;
		this.values = new float[width * 1024];
		this.churned = new boolean[1024];
		this.weights = new float[1024];
	}

	void add(double[] modelValues, boolean churnedNextMonth, double weight) {
		growIfFull();
		for (int j = 0; j < width; j++) {
			values[size * width + j] = (float) modelValues[j];
		}
		churned[size] = churnedNextMonth;
		weights[size] = (float) weight;
		size++;
	}

	private void add(float[] rowValues, int from, boolean churnedNextMonth, float weight) {
		growIfFull();
		System.arraycopy(rowValues, from, values, size * width, width);
		churned[size] = churnedNextMonth;
		weights[size] = weight;
		size++;
	}

	private void growIfFull() {
		if (size == churned.length) {
			int capacity = size * 2;
			values = Arrays.copyOf(values, capacity * width);
			churned = Arrays.copyOf(churned, capacity);
			weights = Arrays.copyOf(weights, capacity);
		}
	}

	/** Adds the other's rows after these, in their order. */
	void addAll(TrainingRows other) {
		for (int i = 0; i < other.size; i++) {
			add(other.values, i * other.width, other.churned[i], other.weights[i]);
		}
	}

	int size() {
		return size;
	}

	int width() {
		return width;
	}

	double value(int row, int feature) {
		return values[row * width + feature];
	}

	boolean churned(int row) {
		return churned[row];
	}

	double weight(int row) {
		return weights[row];
	}

	/** The weighted number of churners. */
	double churners() {
		double churners = 0;
		for (int i = 0; i < size; i++) {
			churners += churned[i] ? weights[i] : 0;
		}
		return churners;
	}

}
