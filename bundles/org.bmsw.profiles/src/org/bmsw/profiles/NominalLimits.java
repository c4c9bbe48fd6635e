package org.bmsw.profiles;

/** The battery's ratings from its datasheet, against which the analysis judges the limits it sends. */
public record NominalLimits(double minVoltageV, double maxVoltageV, int cellsInSeries, double maxChargeCurrentA,
        double maxDischargeCurrentA, double capacityAh) {
}
