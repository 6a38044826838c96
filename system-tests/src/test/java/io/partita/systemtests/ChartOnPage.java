package io.partita.systemtests;

import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.util.List;

/**
 * What one of the console's time charts (chart.js TimeChart, an {@code <svg>} by id) draws, read as a person reads
 * it: its samples, the labels of its axes and its readout.
 */
final class ChartOnPage {

    private final ConsoleBrowser browser;
    private final String id;

    ChartOnPage(ConsoleBrowser browser, String id) {
        this.browser = browser;
        this.id = id;
    }

    /** The samples drawn: the points of its lines and its lone dots; 0 while the page has no such chart yet. */
    long points() {
        return (Long) browser.script("let n = 0; const svg = document.getElementById(arguments[0]);"
                + "if (!svg) return 0;"
                + "svg.querySelectorAll('polyline.line').forEach(line => n += line.points.numberOfItems);"
                + "return n + svg.querySelectorAll('circle.dot').length;", id);
    }

    /** The clock times under the x axis, left to right. */
    List<String> timeLabels() {
        return texts(".x-tick");
    }

    /** The values of the y axis's ticks, bottom to top (the browser's locale, en-US, groups thousands by commas). */
    List<Double> valueTicks() {
        return texts(".y-tick").stream().map(label -> Double.parseDouble(label.replace(",", ""))).toList();
    }

    /** The highest tick of the y axis, 0 when none is drawn. */
    double highestTick() {
        List<Double> ticks = valueTicks();
        return ticks.isEmpty() ? 0 : ticks.get(ticks.size() - 1);
    }

    String readout() {
        return svg().findElement(By.cssSelector(".readout")).getText();
    }

    WebElement svg() {
        return browser.driver().findElement(By.id(id));
    }

    private List<String> texts(String css) {
        return svg().findElements(By.cssSelector(css)).stream().map(WebElement::getText).toList();
    }
}
