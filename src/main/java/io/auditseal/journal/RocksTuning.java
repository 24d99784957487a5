package io.auditseal.journal;

import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.WALRecoveryMode;
import org.rocksdb.WriteBufferManager;

/**
 * RocksDB settings for the journal, and the native objects they need (closed with the journal). RocksDB's defaults
 * give each column family up to 2 x 64 MiB of memtables and a 32 MiB block cache: with four families that is
 * several hundred MiB of native memory, which would take the sink past its 512 MiB budget. Here all memtables
 * share one bounded budget and the block cache is small, since records are read once, in order, soon after they
 * are written.
 */
final class RocksTuning implements AutoCloseable {

    /** All memtables together. 64 MiB holds ~100 full 400-event batches before a flush is forced. */
    static final long MEMTABLE_BUDGET_BYTES = 64L * 1024 * 1024;
    /** Blocks and index/filter blocks of all families; dedupe lookups are what mostly hits it. */
    static final long BLOCK_CACHE_BYTES = 16L * 1024 * 1024;
    /** One memtable of the records family: a flush writes ~16 MiB files, small enough to keep stalls short. */
    static final long RECORDS_WRITE_BUFFER_BYTES = 16L * 1024 * 1024;
    /** Dedupe keys are small; a bloom filter spares a disk read for the usual case, a new (auditID, stage). */
    static final long DEDUPE_WRITE_BUFFER_BYTES = 8L * 1024 * 1024;
    static final double BLOOM_BITS_PER_KEY = 10;
    /** Write data to disk in 1 MiB steps instead of all at once at flush, smoothing fsync latency. */
    static final long BYTES_PER_SYNC = 1024 * 1024;

    private final LRUCache cache = new LRUCache(BLOCK_CACHE_BYTES);
    private final WriteBufferManager writeBuffers = new WriteBufferManager(MEMTABLE_BUDGET_BYTES, cache);
    private final BloomFilter bloom = new BloomFilter(BLOOM_BITS_PER_KEY, false);
    final DBOptions db;
    final ColumnFamilyOptions records;
    final ColumnFamilyOptions dedupe;
    final ColumnFamilyOptions small;

    RocksTuning() {
        db = new DBOptions()
                .setCreateIfMissing(true)
                .setCreateMissingColumnFamilies(true)
                .setParanoidChecks(true)
                // A torn WAL tail was never acknowledged: drop it and open with everything before it.
                .setWalRecoveryMode(WALRecoveryMode.PointInTimeRecovery)
                .setWriteBufferManager(writeBuffers)
                .setMaxBackgroundJobs(2)
                // Concurrent webhook requests: the next group's WAL write starts while this one fills memtables.
                .setEnablePipelinedWrite(true)
                .setBytesPerSync(BYTES_PER_SYNC)
                .setWalBytesPerSync(BYTES_PER_SYNC);
        records = new ColumnFamilyOptions()
                .setWriteBufferSize(RECORDS_WRITE_BUFFER_BYTES)
                .setMaxWriteBufferNumber(3)
                // Records live seconds: compressing them at flush and again at every compaction costs more CPU than
                // the disk it saves (the cap counts payload bytes either way).
                .setCompressionType(CompressionType.NO_COMPRESSION)
                .setTableFormatConfig(new BlockBasedTableConfig().setBlockCache(cache));
        dedupe = new ColumnFamilyOptions()
                .setWriteBufferSize(DEDUPE_WRITE_BUFFER_BYTES)
                .setMaxWriteBufferNumber(2)
                .setTableFormatConfig(new BlockBasedTableConfig().setBlockCache(cache).setFilterPolicy(bloom)
                        .setCacheIndexAndFilterBlocks(true));
        small = new ColumnFamilyOptions()
                .setWriteBufferSize(1024 * 1024)
                .setTableFormatConfig(new BlockBasedTableConfig().setBlockCache(cache));
    }

    @Override
    public void close() {
        records.close();
        dedupe.close();
        small.close();
        db.close();
        writeBuffers.close();
        bloom.close();
        cache.close();
    }
}
