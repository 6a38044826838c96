package io.partita.ra.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The name a value of this class goes by in the {@link ValueTypes#HEADER} header, instead of its simple name: for
 * two classes of one simple name, or to keep the name when the class is renamed or moves.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface TypeAlias {

    /** The name; a blank one counts as none. */
    String value();
}
