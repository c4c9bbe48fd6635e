package org.bmsw.transport;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.bmsw.protocol.modbus.RegisterMap;
import org.bmsw.protocol.modbus.RegisterMap.Block;

/**
 * Polls the read blocks of a register map ({@link RegisterMap#blocks}) through a {@link ModbusMaster}, each at
 * its own period; the requests and responses reach the master's record listeners as every request does, so a
 * capture of a poll decodes with the same map. One question at a time, as Modbus wants: a block that is due waits
 * for the one being asked. A block whose period is 0 is asked again as soon as its turn comes (benchmarks).
 * <p>
 * Outcomes are counted: answered, exception responses (the device refused: it is there), unanswered (no valid
 * answer within the master's timeout). {@link #unansweredInARow()} is what tells a silent device.
 * Not thread-safe: one thread polls.
 */
public final class ModbusPoller {

    private final ModbusMaster master;
    private final List<Block> blocks;
    private final long[] dueNs;
    private final AtomicLong polls = new AtomicLong();
    private final AtomicLong answered = new AtomicLong();
    private final AtomicLong exceptionResponses = new AtomicLong();
    private final AtomicLong unanswered = new AtomicLong();
    private volatile int unansweredInARow;
    private volatile TransportException lastProblem;

    public ModbusPoller(ModbusMaster master, List<Block> blocks) {
        if (blocks.isEmpty()) {
            throw new IllegalArgumentException("a poll needs at least one block");
        }
        this.master = master;
        this.blocks = List.copyOf(blocks);
        this.dueNs = new long[blocks.size()];
    }

    public List<Block> blocks() {
        return blocks;
    }

    /** Reads one block, counting the outcome. */
    public void poll(Block block) throws TransportException {
        polls.incrementAndGet();
        try {
            int count = block.count();
            int address = block.address();
            switch (block.table()) {
            case HOLDING -> master.readHoldingRegisters(address, count);
            case INPUT -> master.readInputRegisters(address, count);
            case COIL -> master.readCoils(address, count);
            case DISCRETE -> master.readDiscreteInputs(address, count);
            }
            answered.incrementAndGet();
            unansweredInARow = 0;
        } catch (ModbusExceptionResponse e) {
            exceptionResponses.incrementAndGet();
            unansweredInARow = 0;
            lastProblem = e;
            throw e;
        } catch (TransportException e) {
            unanswered.incrementAndGet();
            unansweredInARow++;
            lastProblem = e;
            throw e;
        }
    }

    /**
     * Polls the block due first, once its time has come (waiting for it), then schedules it a period later
     * (after now, if the poll overran: no burst to catch up).
     *
     * @return the block polled
     * @throws TransportException the block's failure (it is scheduled again all the same)
     * @throws InterruptedException when interrupted while waiting
     */
    public Block pollNext() throws TransportException, InterruptedException {
        int next = 0;
        for (int i = 1; i < dueNs.length; i++) {
            if (dueNs[i] - dueNs[next] < 0) {
                next = i;
            }
        }
        long waitNs = dueNs[next] - System.nanoTime();
        if (dueNs[next] != 0 && waitNs > 0) {
            Thread.sleep(waitNs / 1_000_000L, (int) (waitNs % 1_000_000L));
        }
        Block block = blocks.get(next);
        long startNs = System.nanoTime();
        try {
            poll(block);
        } finally {
            long periodNs = block.periodMs() * 1_000_000L;
            long due = (dueNs[next] == 0 ? startNs : dueNs[next]) + periodNs;
            dueNs[next] = due - System.nanoTime() < 0 ? System.nanoTime() + (periodNs == 0 ? 0 : 1) : due;
        }
        return block;
    }

    public long polls() {
        return polls.get();
    }

    public long answered() {
        return answered.get();
    }

    public long exceptionResponses() {
        return exceptionResponses.get();
    }

    public long unanswered() {
        return unanswered.get();
    }

    /** Requests left unanswered since the last answer (an exception response is an answer). */
    public int unansweredInARow() {
        return unansweredInARow;
    }

    /** The last exception response or unanswered request, or null. */
    public TransportException lastProblem() {
        return lastProblem;
    }
}
