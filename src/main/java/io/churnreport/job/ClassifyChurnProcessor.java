package io.churnreport.job;

import org.springframework.batch.infrastructure.item.ItemProcessor;

import io.churnreport.classify.ChurnClassification;
import io.churnreport.classify.ChurnEvidence;
import io.churnreport.classify.ChurnReasonClassifier;

/** Gives each churned customer of the month its reason class. */
class ClassifyChurnProcessor implements ItemProcessor<ChurnEvidence, ChurnClassification> {

	private final ChurnReasonClassifier classifier;

	ClassifyChurnProcessor(ChurnReasonClassifier classifier) {
		this.classifier = classifier;
	}

	@Override
	public ChurnClassification process(ChurnEvidence evidence) {
		return classifier.classify(evidence);
	}

}
