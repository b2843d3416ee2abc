package dev.dbadapter.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class of the reliability and security suite: faults injected, bad input tried,
 * secrets kept. The suite runs with the others and on its own with
 * {@code ./mvnw test -Dgroups=reliability}; its figures are written by {@link ReliabilityFigures}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag(Reliability.TAG)
@ExtendWith(ReliabilityFigures.class)
public @interface Reliability {
    /** The JUnit tag of the suite. */
    String TAG = "reliability";
}
