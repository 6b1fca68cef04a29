package io.wirebook.rx.uring;

/**
 * The io_uring kernel ABI wirebook uses, from linux/io_uring.h (x86-64): syscall numbers, flags and the byte
 * offsets of the structures shared with the kernel. Kept in one place so each value can be checked against the
 * header.
 */
final class IoUringAbi
{
    static final long SYS_IO_URING_SETUP = 425;
    static final long SYS_IO_URING_ENTER = 426;
    static final long SYS_IO_URING_REGISTER = 427;

    // io_uring_params->flags
    static final int IORING_SETUP_SQPOLL = 1 << 1;
    static final int IORING_SETUP_SQ_AFF = 1 << 2;
    static final int IORING_SETUP_CQSIZE = 1 << 3;
    static final int IORING_SETUP_COOP_TASKRUN = 1 << 8;
    static final int IORING_SETUP_TASKRUN_FLAG = 1 << 9;
    static final int IORING_SETUP_SINGLE_ISSUER = 1 << 12;
    static final int IORING_SETUP_DEFER_TASKRUN = 1 << 13;

    // io_uring_params->features
    static final int IORING_FEAT_SINGLE_MMAP = 1;
    static final int IORING_FEAT_NODROP = 1 << 1;

    // mmap offsets
    static final long IORING_OFF_SQ_RING = 0L;
    static final long IORING_OFF_CQ_RING = 0x8000000L;
    static final long IORING_OFF_SQES = 0x10000000L;

    // sq_ring->flags
    static final int IORING_SQ_NEED_WAKEUP = 1;
    static final int IORING_SQ_CQ_OVERFLOW = 1 << 1;
    static final int IORING_SQ_TASKRUN = 1 << 2;

    // io_uring_enter flags
    static final int IORING_ENTER_GETEVENTS = 1;
    static final int IORING_ENTER_SQ_WAKEUP = 1 << 1;

    // io_uring_register opcodes
    static final int IORING_REGISTER_PBUF_RING = 22;
    static final int IORING_UNREGISTER_PBUF_RING = 23;

    // opcodes and SQE flags
    static final byte IORING_OP_SENDMSG = 9;
    static final byte IORING_OP_RECVMSG = 10;
    static final byte IOSQE_BUFFER_SELECT = 1 << 5;
    static final short IORING_RECV_MULTISHOT = 1 << 1;

    // cqe->flags
    static final int IORING_CQE_F_BUFFER = 1;
    static final int IORING_CQE_F_MORE = 1 << 1;
    static final int IORING_CQE_BUFFER_SHIFT = 16;

    // struct io_uring_params (120 bytes); sq_off at 40, cq_off at 80
    static final int PARAMS_SIZE = 120;
    static final long PARAMS_SQ_ENTRIES = 0;
    static final long PARAMS_CQ_ENTRIES = 4;
    static final long PARAMS_FLAGS = 8;
    static final long PARAMS_SQ_THREAD_CPU = 12;
    static final long PARAMS_SQ_THREAD_IDLE = 16;
    static final long PARAMS_FEATURES = 20;
    static final long PARAMS_SQ_OFF = 40;
    static final long PARAMS_CQ_OFF = 80;

    // struct io_sqring_offsets, relative to PARAMS_SQ_OFF
    static final long SQ_OFF_HEAD = 0;
    static final long SQ_OFF_TAIL = 4;
    static final long SQ_OFF_RING_MASK = 8;
    static final long SQ_OFF_RING_ENTRIES = 12;
    static final long SQ_OFF_FLAGS = 16;
    /** The kernel's count of SQEs it dropped as invalid. */
    static final long SQ_OFF_DROPPED = 20;
    static final long SQ_OFF_ARRAY = 24;

    // struct io_cqring_offsets, relative to PARAMS_CQ_OFF
    static final long CQ_OFF_HEAD = 0;
    static final long CQ_OFF_TAIL = 4;
    static final long CQ_OFF_RING_MASK = 8;
    static final long CQ_OFF_RING_ENTRIES = 12;
    /** The kernel's count of completions it could not post, even to its overflow list. */
    static final long CQ_OFF_OVERFLOW = 16;
    static final long CQ_OFF_CQES = 20;

    // struct io_uring_sqe (64 bytes)
    static final int SQE_SIZE = 64;
    static final long SQE_OPCODE = 0;
    static final long SQE_FLAGS = 1;
    static final long SQE_IOPRIO = 2;
    static final long SQE_FD = 4;
    static final long SQE_ADDR = 16;
    static final long SQE_LEN = 24;
    static final long SQE_MSG_FLAGS = 28;
    static final long SQE_USER_DATA = 32;
    static final long SQE_BUF_GROUP = 40;

    // struct io_uring_cqe (16 bytes)
    static final int CQE_SIZE = 16;
    static final long CQE_USER_DATA = 0;
    static final long CQE_RES = 8;
    static final long CQE_FLAGS = 12;

    // struct io_uring_buf (16 bytes) and io_uring_buf_ring (tail overlays bufs[0].resv)
    static final int BUF_SIZE = 16;
    static final long BUF_ADDR = 0;
    static final long BUF_LEN = 8;
    static final long BUF_BID = 12;
    static final long BUF_RING_TAIL = 14;

    // struct io_uring_buf_reg (40 bytes)
    static final int BUF_REG_SIZE = 40;
    static final long BUF_REG_RING_ADDR = 0;
    static final long BUF_REG_RING_ENTRIES = 8;
    static final long BUF_REG_BGID = 12;

    // errno values seen in cqe->res (negated)
    static final int EPERM = 1;
    static final int EINTR = 4;
    static final int EAGAIN = 11;
    static final int ENOMEM = 12;
    static final int EBUSY = 16;
    static final int EEXIST = 17;
    static final int EINVAL = 22;
    static final int ENOBUFS = 105;
    static final int ENOSYS = 38;
    static final int ECANCELED = 125;

    private IoUringAbi()
    {
    }
}
