package io.partita.systemtests;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * One headless Chromium (Debian's chromium and chromium-driver; the tests are skipped where they are missing) on the
 * console of the {@link SecuredNode}, shared by every browser test class that registers this extension after the
 * node's: started for the first of them, quit after the whole run. Each class starts from a fresh login as admin
 * ({@link #logInAsAdmin}) or as whom it needs, and leaves the browser logged out (its login is shared by every tab
 * and kept in the browser's storage), as a new browser would be. Screenshots go to {@code target/screenshots}.
 * Not thread-safe.
 */
final class ConsoleBrowser implements BeforeAllCallback, AfterAllCallback {

    static final Duration WAIT = Duration.ofSeconds(30);

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ConsoleBrowser.class);

    private final SecuredNode node;
    private Running running;

    ConsoleBrowser(SecuredNode node) {
        this.node = node;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "needs Debian's chromium and chromium-driver");
        running = context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Running.class, key -> Running.start(),
                Running.class);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (running != null) {
            driver().get(console() + "logout");
            awaitLoginPage();
        }
    }

    WebDriver driver() {
        return running.browser;
    }

    /** The console's address, ending in a slash: {@code console() + "#/topics"} is the topic list. */
    String console() {
        return "http://127.0.0.1:" + node.httpPort() + "/console/";
    }

    /** Opens a console route ({@code "#/topics"}, or "" for the console's start). */
    void open(String route) {
        driver().get(console() + route);
    }

    /** Logs out (if logged in) and in again as the node's admin, landing on the overview. */
    void logInAsAdmin() {
        logInAs(SecuredNode.ADMIN, SecuredNode.ADMIN_PASSWORD);
        waitForText(By.id("caller"), "admin (admin)");
    }

    /** Starts from the login page and sends its form. */
    void logInAs(String user, String password) {
        driver().get(console() + "logout");
        awaitLoginPage();
        logIn(user, password);
    }

    /** Sends the login page's form, which must be shown. */
    void logIn(String user, String password) {
        type(By.id("login-user"), user);
        type(By.id("login-password"), password);
        driver().findElement(By.id("login-submit")).click();
    }

    /** The browser was sent to the login page (keeping the fragment of the page it asked for, as browsers do). */
    void awaitLoginPage() {
        new WebDriverWait(driver(), WAIT).until(ExpectedConditions.urlMatches(".*/console/login\\.html([?#].*)?$"));
    }

    void type(By field, String text) {
        WebElement element = visible(field);
        element.clear();
        element.sendKeys(text);
    }

    void click(By element) {
        new WebDriverWait(driver(), WAIT).until(ExpectedConditions.elementToBeClickable(element)).click();
    }

    WebElement visible(By element) {
        return new WebDriverWait(driver(), WAIT).until(ExpectedConditions.visibilityOfElementLocated(element));
    }

    /** Waits until element shows text; on failure keeps a screenshot and says what the problem box showed. */
    void waitForText(By element, String text) {
        await("'" + text + "' in " + element, ExpectedConditions.textToBePresentInElementLocated(element, text));
        assertThat(driver().findElement(element).getText()).contains(text);
    }

    /**
     * Waits until condition holds; on failure keeps a screenshot and says what the problem box showed. An element
     * the page replaced while the condition read it (a chart redrawn every second) is read again at the next try.
     */
    <T> T await(String what, Function<WebDriver, T> condition) {
        try {
            return new WebDriverWait(driver(), WAIT).ignoring(StaleElementReferenceException.class).until(condition::apply);
        } catch (RuntimeException e) {
            screenshot("failed");
            String problem = driver().findElements(By.id("problem")).stream().filter(WebElement::isDisplayed)
                    .map(WebElement::getText).findFirst().orElse("");
            throw new AssertionError("No " + what + "; problem shown: " + problem, e);
        }
    }

    Object script(String javascript, Object... arguments) {
        return ((JavascriptExecutor) driver()).executeScript(javascript, arguments);
    }

    void screenshot(String name) {
        try {
            Path directory = Path.of(BuildSettings.required("partita.it.screenshots"));
            Files.createDirectories(directory);
            File shot = ((ChromeDriver) driver()).getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), directory.resolve("console-" + name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new AssertionError("Cannot keep screenshot " + name, e);
        }
    }

    /** The browser, its driver's service and its profile folder; closing quits and deletes them. */
    private record Running(ChromeDriverService service, WebDriver browser, Path profile) implements AutoCloseable {

        static Running start() {
            try {
                Path profile = Files.createTempDirectory("partita-chromium-");
                ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments(
                        "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--user-data-dir=" + profile);
                ChromeDriverService service = new ChromeDriverService.Builder()
                        .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
                WebDriver browser = new ChromeDriver(service, options);
                browser.manage().window().setSize(new Dimension(1280, 900));
                return new Running(service, browser, profile);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            try {
                browser.quit();
            } finally {
                service.stop();
                Directories.deleteRecursively(profile);
            }
        }
    }
}
