package io.wirebook.sys;

import java.nio.file.Files;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PrivilegesTest
{
    @Test
    void readsCapEffOfAStatusText()
    {
        final String status = "Name:\tjava\nUid:\t0\t0\t0\t0\nCapInh:\t0000000000000000\nCapEff:\t000001ffffffffff\n";
        assertThat(Privileges.effectiveCapabilities(status)).hasValue(0x1ff_ffff_ffffL);
        assertThat(Privileges.effectiveCapabilities("Name:\tjava\n")).isEmpty();
        assertThat(Privileges.effectiveCapabilities("CapEff:\tnot-hex\n")).isEmpty();
    }

    @Test
    void capabilityBitsAndWhatGrantsBpf()
    {
        final long netAdmin = 1L << Privileges.CAP_NET_ADMIN;
        final long netRaw = 1L << Privileges.CAP_NET_RAW;
        assertThat(Privileges.hasAll(netAdmin | netRaw, Privileges.CAP_NET_ADMIN, Privileges.CAP_NET_RAW)).isTrue();
        assertThat(Privileges.hasAll(netAdmin, Privileges.CAP_NET_ADMIN, Privileges.CAP_NET_RAW)).isFalse();
        assertThat(Privileges.canBpf(1L << Privileges.CAP_BPF)).isTrue();
        assertThat(Privileges.canBpf(1L << Privileges.CAP_SYS_ADMIN)).isTrue();
        assertThat(Privileges.canBpf(netAdmin | netRaw)).isFalse();
        assertThat(Privileges.name(Privileges.CAP_IPC_LOCK)).isEqualTo("CAP_IPC_LOCK");
        assertThat(Privileges.name(7)).isEqualTo("CAP_7");
    }

    @Test
    void thisProcessAgreesWithItsOwnStatusFile() throws Exception
    {
        final long fromFile = Privileges.effectiveCapabilities(Files.readString(Privileges.PROCESS_STATUS)).orElse(0);
        assertThat(Privileges.effectiveCapabilities()).isEqualTo(fromFile);
        // Root has every capability in the lab; any other user has none of the paths'.
        assertThat(Privileges.isRoot()).isEqualTo("root".equals(System.getProperty("user.name")));
    }
}
