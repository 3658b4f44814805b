/* Start-up (the last part of gongkai.js): runs the components registered above. */
window.gk.start();
