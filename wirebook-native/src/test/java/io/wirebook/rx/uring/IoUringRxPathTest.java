package io.wirebook.rx.uring;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IoUringRxPathTest
{
    @Test
    void closeIsIdempotentEvenWhenNeverOpened()
    {
        final IoUringRxPath path = new IoUringRxPath();
        path.close();
        path.close();
        path.refreshCounters();
        assertThatThrownBy(() -> path.poll((c, b, o, l, t) -> { })).isInstanceOf(IllegalStateException.class)
            .hasMessage("io-uring is closed");
    }

    @Test
    void comparesKernelReleases()
    {
        assertThat(IoUringRxPath.kernelAtLeast("6.18.44-fc-v669", 6, 0)).isTrue();
        assertThat(IoUringRxPath.kernelAtLeast("6.0.0", 6, 0)).isTrue();
        assertThat(IoUringRxPath.kernelAtLeast("5.19.17-generic", 6, 0)).isFalse();
        assertThat(IoUringRxPath.kernelAtLeast("4.18.0-rhel", 6, 0)).isFalse();
    }

    @Test
    void setupFailuresNameTheFix()
    {
        assertThat(IoUringRing.setupFailure(IoUringAbi.EPERM, false, -1))
            .contains("io_uring_disabled").contains("fix:").doesNotContain("\n");
        assertThat(IoUringRing.setupFailure(IoUringAbi.ENOSYS, false, -1)).contains("CONFIG_IO_URING");
        assertThat(IoUringRing.setupFailure(IoUringAbi.EINVAL, true, 97)).contains("uring.sqpoll.cpu=97");
        assertThat(ProvidedBufferRing.registerFailure(IoUringAbi.EINVAL)).contains("5.19+");
    }

    @Test
    void taskRunModesParseAndFallBackTowardsIpi()
    {
        assertThat(TaskRunMode.parse("defer")).isEqualTo(TaskRunMode.DEFER);
        assertThat(TaskRunMode.parse(" COOP ")).isEqualTo(TaskRunMode.COOP);
        assertThat(TaskRunMode.parse("ipi")).isEqualTo(TaskRunMode.IPI);
        assertThat(TaskRunMode.parse("sqpoll")).isNull();
        assertThat(TaskRunMode.DEFER.fallback()).isEqualTo(TaskRunMode.COOP);
        assertThat(TaskRunMode.COOP.fallback()).isEqualTo(TaskRunMode.IPI);
        assertThat(TaskRunMode.IPI.fallback()).isNull();
        assertThat(TaskRunMode.DEFER.setupFlags())
            .isEqualTo(IoUringAbi.IORING_SETUP_SINGLE_ISSUER | IoUringAbi.IORING_SETUP_DEFER_TASKRUN);
        assertThat(TaskRunMode.COOP.setupFlags())
            .isEqualTo(IoUringAbi.IORING_SETUP_COOP_TASKRUN | IoUringAbi.IORING_SETUP_TASKRUN_FLAG);
        assertThat(TaskRunMode.IPI.setupFlags()).isZero();
    }
}
