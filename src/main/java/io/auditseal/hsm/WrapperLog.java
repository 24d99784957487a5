package io.auditseal.hsm;

import org.xipki.pkcs11.wrapper.Logger;

import java.util.logging.Level;

/**
 * The PKCS#11 wrapper's log, sent to java.util.logging (which Quarkus routes to its own log) instead of the
 * wrapper's default of standard output, where it would mix with the output of CLI commands such as keygen. Only
 * warnings and errors: the wrapper's info lines (its licence banner, every login) are noise for an operator.
 */
final class WrapperLog implements Logger {

    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger("io.auditseal.hsm.pkcs11");

    @Override
    public void info(String format, Object... arguments) {
    }

    @Override
    public void warn(String format, Object... arguments) {
        if (LOG.isLoggable(Level.WARNING)) {
            LOG.warning(format(format, arguments));
        }
    }

    @Override
    public void error(String format, Object... arguments) {
        if (LOG.isLoggable(Level.SEVERE)) {
            LOG.severe(format(format, arguments));
        }
    }

    @Override
    public void debug(String format, Object... arguments) {
    }

    @Override
    public void trace(String format, Object... arguments) {
    }

    @Override
    public boolean isDebugEnabled() {
        return false;
    }

    @Override
    public boolean isInfoEnabled() {
        return false;
    }

    @Override
    public boolean isWarnEnabled() {
        return LOG.isLoggable(Level.WARNING);
    }

    @Override
    public boolean isTraceEnabled() {
        return false;
    }

    /** The wrapper's messages use SLF4J-style {} placeholders. */
    static String format(String format, Object... arguments) {
        StringBuilder text = new StringBuilder(format.length() + 32);
        int from = 0;
        for (Object argument : arguments) {
            int at = format.indexOf("{}", from);
            if (at < 0) {
                break;
            }
            text.append(format, from, at).append(argument);
            from = at + 2;
        }
        return text.append(format, from, format.length()).toString();
    }
}
