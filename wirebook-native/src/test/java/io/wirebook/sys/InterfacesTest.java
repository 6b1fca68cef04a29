package io.wirebook.sys;

import io.wirebook.rx.RxUnavailableException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InterfacesTest
{
    @Test
    void loopbackHasAnIndexAndNoNameMeansAny() throws RxUnavailableException
    {
        assertThat(Interfaces.index("lo")).isPositive();
        assertThat(Interfaces.index("")).isEqualTo(Interfaces.ANY);
        assertThat(Interfaces.index(null)).isEqualTo(Interfaces.ANY);
    }

    @Test
    void aMissingInterfaceNamesItselfAndTheFix()
    {
        assertThatThrownBy(() -> Interfaces.index("wbt-none"))
            .isInstanceOf(RxUnavailableException.class)
            .hasMessageContaining("no interface wbt-none")
            .hasMessageContaining("fix:");
    }
}
