package io.auditseal.journal;

/**
 * The journal directory is open in another process (RocksDB's lock file): one journal process per directory. On a
 * shared volume this is usually the previous instance still closing it.
 */
public final class JournalLockedException extends JournalException {

    public JournalLockedException(String message, Throwable cause) {
        super(message, cause);
    }
}
