package com.acme.tracking.page;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Debian's Chromium, headless, driven by Selenium through Debian's chromedriver (never a
 * browser or driver downloaded by Selenium Manager: this machine has no internet). Each
 * browser has a fresh profile. Screenshots and axe-core reports go to
 * {@code target/screenshots/}.
 */
final class Browser implements AutoCloseable {

	static final Path SCREENSHOTS = Path.of("target", "screenshots");

	private static final String CHROMIUM = "/usr/bin/chromium";

	private static final String CHROMEDRIVER = "/usr/bin/chromedriver";

	final ChromeDriver driver;

	final String base;

	private final Path profile;

	private Browser(String base, int width, int height) {
		if (!new File(CHROMIUM).canExecute() || !new File(CHROMEDRIVER).canExecute()) {
			throw new IllegalStateException("The browser tests need Debian's Chromium and ChromeDriver (" + CHROMIUM
					+ ", " + CHROMEDRIVER + "): apt-get install chromium chromium-driver (.ci/run does it)");
		}
		try {
			this.profile = Files.createTempDirectory("chromium-profile");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM);
		options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
				"--disable-background-networking", "--disable-component-update", "--disable-sync",
				"--disable-dev-shm-usage", "--user-data-dir=" + this.profile, "--window-size=" + width + "," + height);
		// the console's errors, to fail on a script error or a CSP violation
		options.setCapability("goog:loggingPrefs", java.util.Map.of("browser", "ALL"));
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER))
			.build();
		this.driver = new ChromeDriver(service, options);
		this.driver.manage().window().setSize(new Dimension(width, height));
		this.base = base;
	}

	/** A desktop-sized browser for the service at {@code http://localhost:port}. */
	static Browser desktop(int port) {
		return new Browser("http://localhost:" + port, 1280, 900);
	}

	/** A phone-sized browser (360×740). */
	static Browser phone(int port) {
		return new Browser("http://localhost:" + port, 360, 740);
	}

	Browser open(String path) {
		this.driver.get(this.base + path);
		return this;
	}

	WebDriverWait waiting() {
		WebDriverWait wait = new WebDriverWait(this.driver, Duration.ofSeconds(30), Duration.ofMillis(100));
		wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
		return wait;
	}

	/**
	 * Waits up to 30 s for the condition; on a timeout, fails with what the page shows,
	 * its address and the browser's console, and keeps a screenshot
	 * ({@code target/screenshots/timed-out.png}).
	 */
	<T> T until(java.util.function.Function<org.openqa.selenium.WebDriver, T> condition) {
		try {
			return waiting().until(condition);
		}
		catch (org.openqa.selenium.TimeoutException ex) {
			screenshot("timed-out");
			String shown = script("return document.body ? document.body.innerText : ''");
			String console = this.driver.manage()
				.logs()
				.get(org.openqa.selenium.logging.LogType.BROWSER)
				.getAll()
				.stream()
				.map(org.openqa.selenium.logging.LogEntry::getMessage)
				.collect(Collectors.joining("\n"));
			throw new AssertionError(
					"Timed out at " + this.driver.getCurrentUrl() + "\npage: " + shown + "\nconsole: " + console, ex);
		}
	}

	/** What a script run in the page answers, as text ("" for null). */
	String script(String script) {
		Object answer = this.driver.executeScript(script);
		return (answer != null) ? answer.toString() : "";
	}

	WebElement find(String css) {
		return this.driver.findElement(By.cssSelector(css));
	}

	List<WebElement> all(String css) {
		return this.driver.findElements(By.cssSelector(css));
	}

	/** The visible text of the element, waiting for it to exist. */
	String text(String css) {
		return until((d) -> d.findElement(By.cssSelector(css))).getText();
	}

	/** The input a {@code <label>} with this text labels (what a user reads). */
	WebElement labelled(String label) {
		WebElement element = this.driver.findElement(By.xpath("//label[normalize-space(.)='" + label + "']"));
		return this.driver.findElement(By.id(element.getAttribute("for")));
	}

	WebElement button(String name) {
		return this.driver.findElement(By.xpath("//button[normalize-space(.)='" + name + "']"));
	}

	void screenshot(String name) {
		try {
			Files.createDirectories(SCREENSHOTS);
			File shot = this.driver.getScreenshotAs(OutputType.FILE);
			Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Runs axe-core (WCAG 2 A and AA rules, and best practices) on the page as it is now:
	 * fails on any serious or critical violation; the report is kept under
	 * {@code target/screenshots/axe-<name>.txt} either way.
	 */
	void assertAccessible(String name) {
		Results results = new AxeBuilder().analyze(this.driver);
		String report = "axe-core " + results.getTestEngine().getVersion() + " on " + this.driver.getCurrentUrl()
				+ "\npasses: " + results.getPasses().size() + ", violations: " + results.getViolations().size() + "\n"
				+ results.getViolations()
					.stream()
					.map((rule) -> rule.getImpact() + " " + rule.getId() + ": " + rule.getHelp() + " ("
							+ rule.getNodes().size() + " elements)")
					.collect(Collectors.joining("\n"));
		try {
			Files.createDirectories(SCREENSHOTS);
			Files.writeString(SCREENSHOTS.resolve("axe-" + name + ".txt"), report + "\n");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		List<Rule> serious = results.getViolations()
			.stream()
			.filter((rule) -> "serious".equals(rule.getImpact()) || "critical".equals(rule.getImpact()))
			.toList();
		assertThat(serious).as(report).isEmpty();
	}

	/**
	 * Fails on any uncaught script error or Content-Security-Policy violation the browser
	 * reported since the last call (answers that are errors, such as a 404 the page
	 * handles, are not script errors).
	 */
	void assertNoScriptErrors() {
		List<String> errors = this.driver.manage()
			.logs()
			.get(org.openqa.selenium.logging.LogType.BROWSER)
			.getAll()
			.stream()
			.map(org.openqa.selenium.logging.LogEntry::getMessage)
			.filter((message) -> message.contains("Uncaught") || message.contains("Content Security Policy")
					|| message.contains("Content-Security-Policy"))
			.toList();
		assertThat(errors).isEmpty();
	}

	/** Whether the page scrolls sideways (it must not, even on a phone). */
	boolean overflowsSideways() {
		Object overflow = this.driver
			.executeScript("return document.documentElement.scrollWidth > document.documentElement.clientWidth");
		return Boolean.TRUE.equals(overflow);
	}

	@Override
	public void close() {
		this.driver.quit();
		try (var files = Files.walk(this.profile)) {
			files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
		}
		catch (IOException ex) {
			// a temporary directory left behind
		}
	}

}
