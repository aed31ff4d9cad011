package io.github.jvmpagemap.jmc;

import io.github.jvmpagemap.jfr.RegionResidencyEvent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.openjdk.jmc.common.IDisplayable;
import org.openjdk.jmc.common.unit.UnitLookup;
import org.openjdk.jmc.common.util.IPreferenceValueProvider;
import org.openjdk.jmc.flightrecorder.rules.AbstractRule;
import org.openjdk.jmc.flightrecorder.rules.IResult;
import org.openjdk.jmc.flightrecorder.rules.ResultBuilder;
import org.openjdk.jmc.flightrecorder.rules.Severity;
import org.openjdk.jmc.flightrecorder.rules.TypedResult;
import org.openjdk.jmc.flightrecorder.rules.util.JfrRuleTopics;
import org.openjdk.jmc.flightrecorder.rules.util.RulesToolkit.EventAvailability;
import org.openjdk.jmc.flightrecorder.rules.util.RulesToolkit.RequiredEventsBuilder;

/**
 * What the agent's rules share: they need the agent's region events, sit under JMC's heap topic,
 * and build their results the same way (score, summary, explanation, suggested action).
 */
abstract class PagemapRule extends AbstractRule {
    static final Map<String, EventAvailability> REGION_EVENTS = RequiredEventsBuilder.create()
            .addEventType(RegionResidencyEvent.NAME, EventAvailability.AVAILABLE).build();

    PagemapRule(String id, String name, TypedResult<?>... results) {
        super(id, name, JfrRuleTopics.HEAP, List.of(), withScore(results), REGION_EVENTS);
    }

    private static Collection<TypedResult<?>> withScore(TypedResult<?>... results) {
        List<TypedResult<?>> all = new ArrayList<>();
        all.add(TypedResult.SCORE);
        all.addAll(List.of(results));
        return List.copyOf(all);
    }

    /** A result scored {@code score}: its severity follows from the score. */
    ResultBuilder scored(IPreferenceValueProvider preferences, double score, String summary, String explanation,
            String solution) {
        ResultBuilder b = ResultBuilder.createFor(this, preferences).setSeverity(Severity.get(score))
                .setSummary(summary).setExplanation(explanation)
                .addResult(TypedResult.SCORE, UnitLookup.NUMBER_UNITY.quantity(score));
        return solution == null ? b : b.setSolution(solution);
    }

    /** The recording lacks what the rule needs: not applicable, saying what is missing. */
    IResult notApplicable(IPreferenceValueProvider preferences, String why) {
        return ResultBuilder.createFor(this, preferences).setSeverity(Severity.NA).setSummary(why).build();
    }

    /** The recording has neither the JVM's command line nor its flags, so it does not say {@code what}. */
    IResult withoutFlags(IPreferenceValueProvider preferences, String what) {
        return notApplicable(preferences, "The recording has neither jdk.JVMInformation nor jdk.BooleanFlag events,"
                + " so it does not say " + what + ".");
    }

    static String bytes(long bytes) {
        return UnitLookup.BYTE.quantity(bytes).displayUsing(IDisplayable.AUTO);
    }

    static String time(long epochMillis) {
        return UnitLookup.EPOCH_MS.quantity(epochMillis).displayUsing(IDisplayable.AUTO);
    }

    static String percent(double fraction) {
        return UnitLookup.PERCENT_UNITY.quantity(fraction).displayUsing(IDisplayable.AUTO);
    }
}
