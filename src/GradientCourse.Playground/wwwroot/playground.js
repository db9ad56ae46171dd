// Small helpers for the Gradient Playground (no libraries): the URL hash and the clipboard.
window.gcPlayground = {
    hash: () => location.hash,
    setHash: (h) => {
        if (location.hash !== '#' + h) {
            history.replaceState(null, '', '#' + h);
        }
    },
    listen: (ref) => window.addEventListener('hashchange', () => ref.invokeMethodAsync('OnHashChanged', location.hash)),
    copy: async (text) => {
        try {
            await navigator.clipboard.writeText(text);
            return true;
        } catch {
            return false;
        }
    },
    firstStep: () => {
        if (window.gcFirstStepMs === undefined) {
            window.gcFirstStepMs = performance.now() - (window.gcOpened || 0);
        }
    },
};
