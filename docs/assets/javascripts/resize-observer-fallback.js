/*
 * A small stand-in for ResizeObserver on browsers that lack it (iOS Safari before 13.4, Android
 * WebView before 64). When ResizeObserver is missing, mkdocs-material injects a polyfill from
 * a third-party CDN; defining this first, in <head> (theme extra.polyfills), keeps every request on this site.
 * It reports element sizes on observe(), on window resize and orientation change, and after load,
 * which is what the theme's layout code needs. Modern browsers never run it.
 */
(function () {
  "use strict";
  if (typeof window === "undefined" || typeof window.ResizeObserver !== "undefined") {
    return;
  }

  function entryFor(target) {
    var rect = target.getBoundingClientRect();
    return {
      target: target,
      contentRect: {
        x: 0, y: 0, top: 0, left: 0,
        width: rect.width, height: rect.height, right: rect.width, bottom: rect.height
      }
    };
  }

  function FallbackResizeObserver(callback) {
    var self = this;
    self._callback = callback;
    self._targets = [];
    self._notifyAll = function () {
      self._notify(self._targets.slice());
    };
  }

  FallbackResizeObserver.prototype._notify = function (targets) {
    if (!targets.length) {
      return;
    }
    var entries = [];
    for (var i = 0; i < targets.length; i++) {
      entries.push(entryFor(targets[i]));
    }
    try {
      this._callback(entries, this);
    } catch (error) {
      setTimeout(function () {
        throw error;
      }, 0);
    }
  };

  FallbackResizeObserver.prototype.observe = function (target) {
    var self = this;
    if (self._targets.indexOf(target) !== -1) {
      return;
    }
    self._targets.push(target);
    if (self._targets.length === 1) {
      window.addEventListener("resize", self._notifyAll);
      window.addEventListener("orientationchange", self._notifyAll);
      window.addEventListener("load", self._notifyAll);
    }
    setTimeout(function () {
      if (self._targets.indexOf(target) !== -1) {
        self._notify([target]);
      }
    }, 0);
  };

  FallbackResizeObserver.prototype.unobserve = function (target) {
    var index = this._targets.indexOf(target);
    if (index !== -1) {
      this._targets.splice(index, 1);
    }
    if (!this._targets.length) {
      this.disconnect();
    }
  };

  FallbackResizeObserver.prototype.disconnect = function () {
    this._targets = [];
    window.removeEventListener("resize", this._notifyAll);
    window.removeEventListener("orientationchange", this._notifyAll);
    window.removeEventListener("load", this._notifyAll);
  };

  window.ResizeObserver = FallbackResizeObserver;
})();
