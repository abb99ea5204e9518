package org.thinspice.client.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.thinspice.client.testing.ManualScheduler;

class CoreTest {
    private static Properties bundle(String name) throws IOException {
        Properties p = new Properties();
        try (InputStream in = CoreTest.class.getResourceAsStream("/org/thinspice/client/" + name)) {
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return p;
    }

    @Test
    void bothLanguagesHaveEveryKey() throws IOException {
        Properties en = bundle("messages_en.properties");
        Properties zh = bundle("messages_zh_CN.properties");
        assertEquals(new TreeSet<>(en.stringPropertyNames()), new TreeSet<>(zh.stringPropertyNames()));
        for (String k : zh.stringPropertyNames()) {
            assertFalse(zh.getProperty(k).isBlank(), k);
        }
    }

    @Test
    void everyEngineReasonHasWordsInBothLanguages() throws IOException {
        for (String bundle : new String[] {"messages.properties", "messages_en.properties", "messages_zh_CN.properties"}) {
            Properties p = bundle(bundle);
            for (org.thinspice.engine.SpiceReason r : org.thinspice.engine.SpiceReason.values()) {
                assertTrue(p.containsKey("reason." + r.name()), bundle + " has no reason." + r.name());
            }
        }
        Strings zh = new Strings(Strings.ZH_CN);
        assertEquals("云桌面证书的主题与预期不符。", zh.get("reason.TLS_SUBJECT_MISMATCH"));
        assertEquals("The desktop's certificate does not name the address connected to.",
                new Strings(Strings.EN).get("reason.TLS_HOST_NAME_MISMATCH"));
    }

    @Test
    void glossaryTermsAreUsedAsWritten() {
        Strings zh = new Strings(Strings.ZH_CN);
        assertEquals("用户名或密码错误", zh.get("login.wrong"));
        assertEquals("账户已锁定，请 5 分钟后重试", zh.get("login.locked", 5));
        assertEquals("连接已断开，5 秒后重新连接", zh.get("session.reconnectingIn", 5));
        assertEquals("仅终端到桌面", zh.get("clipboard.to-guest"));
        assertEquals("注销", zh.get("desktops.signOut"));
        Strings en = new Strings(Strings.EN);
        assertEquals("Connection lost. Reconnecting in 5 s", en.get("session.reconnectingIn", 5));
        assertEquals("into the desktop only", en.get("clipboard.to-guest"));
        // redirected / local / refused by policy / in use; USB device redirection; USB stick
        assertEquals(List.of("已重定向", "本地", "策略禁止", "被占用"), List.of(zh.get("usb.state.REDIRECTED"),
                zh.get("usb.state.LOCAL"), zh.get("usb.state.REFUSED"), zh.get("usb.state.IN_USE")));
        assertEquals(List.of("in the desktop", "on this terminal", "not allowed", "in use"), List.of(en.get("usb.state.REDIRECTED"),
                en.get("usb.state.LOCAL"), en.get("usb.state.REFUSED"), en.get("usb.state.IN_USE")));
        assertEquals("USB 设备重定向", zh.get("session.usb"));
        assertTrue(zh.get("usb.class.08").startsWith("U 盘"));
        assertEquals("USB stick (storage)", en.get("usb.class.08"));
    }

    @Test
    void bindingsFollowALanguageSwitch() {
        Strings s = new Strings(Strings.EN);
        var b = s.bind("login.title");
        assertEquals("Sign in", b.get());
        s.localeProperty().set(Strings.ZH_CN);
        assertEquals("登录", b.get());
    }

    @Test
    void idleTimerSignsOutOnceAfterTheLimit() {
        ManualScheduler t = new ManualScheduler();
        int[] fired = new int[1];
        IdleTimer idle = new IdleTimer(t, Duration.ofMinutes(2), () -> fired[0]++);
        idle.arm();
        t.advance(Duration.ofSeconds(90));
        idle.touch();
        t.advance(Duration.ofSeconds(90));
        assertEquals(0, fired[0], "a touch restarts the wait");
        t.advance(Duration.ofSeconds(60));
        assertEquals(1, fired[0]);
        t.advance(Duration.ofMinutes(10));
        assertEquals(1, fired[0]);
        idle.disarm();
        idle.arm();
        t.advance(Duration.ofMinutes(5));
        assertEquals(2, fired[0]);
        idle.disarm();
        assertEquals(0, t.pending());
    }

    @Test
    void adminPinIsSaltedAndChecked() {
        String h = AdminPin.hash("24681357");
        assertTrue(AdminPin.verify("24681357", h));
        assertFalse(AdminPin.verify("24681358", h));
        assertFalse(h.equals(AdminPin.hash("24681357")), "salted");
        assertTrue(AdminPin.verify(AdminPin.DEFAULT_PIN, ""));
        assertFalse(AdminPin.verify("000000", ""));
    }
}
