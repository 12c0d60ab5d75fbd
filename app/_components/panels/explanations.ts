/**
 * Plain-words explanations shown behind "What am I looking at?" on each panel. Written for a class that has never
 * seen calculus notation: the formula comes last, after the idea.
 */
export const EXPLAIN = {
  network: {
    title: "The network",
    paragraphs: [
      "Forward pass: the inputs on the left flow to the right. Every neuron adds up what arrives, each input multiplied by the weight on its link, adds its bias (the small tab), and squashes the sum. The last neuron's output is the prediction ŷ.",
      "Blue solid links are positive weights, vermillion dashed ones negative; thicker means larger. Switch to “gradients” to see ∂J/∂w instead: how much the cost J would rise if that weight grew a little.",
      "Backpropagation: to find every ∂J/∂w, the error at the output is passed backwards link by link. The chain rule multiplies the local slopes along the way. Pick a link to see that product with the real numbers.",
    ],
  },
  classification: {
    title: "The decision map",
    paragraphs: [
      "Each dot is a data point; its colour and shape are its true class. Filled points are used for training, hollow ones are kept aside to test the network on data it never learnt from.",
      "The background is what the network predicts at every spot: blue means “blue class”, vermillion means “vermillion class”, white means it cannot decide. The black line is where it is exactly 50/50: the decision boundary.",
      "Each training step nudges every weight, and the boundary bends towards separating the two classes.",
    ],
  },
  "one-weight": {
    title: "The cost bowl J(w)",
    paragraphs: [
      "The model has a single weight: ŷ = w·x. The curve shows the cost J (the average squared error over the data) for every possible w. It is a bowl; the best w sits at the bottom.",
      "The red dot is the current w. The dotted line touching the curve there is the tangent: its slope is the gradient dJ/dw. Gradient descent moves w against the slope: w ← w − α · dJ/dw.",
      "The orange arrows are the steps taken. Too small an α crawls down the wall; too large an α jumps over the bottom and can climb out the other side.",
    ],
  },
  "line-fit": {
    title: "The cost landscape J(w, b)",
    paragraphs: [
      "The model is a line ŷ = w·x + b with two numbers to learn. Picture the cost J over every (w, b) as a bowl seen from above: each ring joins points of equal cost, lower towards the cross at the bottom.",
      "The red dot is where the network is now. The black arrow points straight downhill (−∇J): the direction of the next step. Its length is set by the learning rate α.",
      "The orange arrows are the steps taken so far. With a large α they zig-zag across the valley; with a tiny one they barely move.",
    ],
  },
  "curve-fit": {
    title: "The fitted curve",
    paragraphs: [
      "Grey dots are the data: filled for training, hollow for testing. The blue line is the network's prediction ŷ for every input x.",
      "The cost J is the average squared vertical gap between the line and the training dots. Each step changes the weights so that the line bends closer to the dots.",
    ],
  },
  fit: {
    title: "The fitted line",
    paragraphs: [
      "Grey dots are the data; the blue line is what the model currently predicts. The cost J is the average squared vertical gap between line and dots. Each step moves the weights so the gap shrinks.",
    ],
  },
  loss: {
    title: "Loss over the steps",
    paragraphs: [
      "The cost J (also called the loss) after every step. Training loss is measured on the data the network learns from; test loss on data it never sees. If training keeps falling while test rises, the network is memorising instead of learning.",
      "Hover a point to see which learning rate α produced that step. A jump upwards means α was too large: the step overshot.",
    ],
  },
  reveal: {
    title: "How good was each α?",
    paragraphs: [
      "Before stepping, the engine tried every learning rate and measured the loss it would reach: that is the curve. Each dot is one student's guess placed on it. Lower is better; the green line marks the best α.",
      "Left of the best, steps are too timid: the loss barely moves. Right of it, steps overshoot: the loss goes up again or blows up entirely (triangles at the top).",
      "The bars count how many students guessed each range of α.",
    ],
  },
  "reveal-beta": {
    title: "How good was each β?",
    paragraphs: [
      "This round α stayed fixed and the class guessed the momentum β. With momentum every step adds the new slope to a velocity that remembers the earlier ones: v ← β·v + ∇J, then the weights move by α·v. β is how much of the old velocity survives each step.",
      "The curve is the loss the engine really reached after k steps for every β. Small β (left) forgets fast: it behaves like plain descent. Large β (right) builds up speed: it can get down a long valley much faster, but it also overshoots the bottom and curls back, and near 1 it can swing out of the bowl.",
      "The axis is spaced by 1 − β, because the memory lasts about 1 / (1 − β) steps: 0.9 remembers about 10 steps, 0.99 about 100. So 0.9 → 0.99 is as big a change as 0 → 0.9, and β near 1 needs fine steps.",
      "One step from rest is the same for every β (the velocity starts at zero), which is why a β round scores at least 2 steps.",
    ],
  },
  momentum: {
    title: "Momentum",
    paragraphs: [
      "Plain gradient descent steps straight downhill each time: θ ← θ − α·∇J. Momentum (the heavy ball) keeps a velocity v: v ← β·v + ∇J, θ ← θ − α·v. Each step keeps a share β of the previous velocity and adds the new slope.",
      "In a long, gentle valley the slopes agree from step to step, so the velocity grows and the ball rolls faster than plain descent could. Where the slopes flip sign (across a narrow valley or past the bottom) they partly cancel, which damps the zig-zag, but the remembered speed also carries the ball past the bottom: it overshoots and curls back.",
      "β = 0 is plain descent. β = 0.9 remembers about 10 steps, 0.99 about 100: the scale is fine near 1, where small changes of β matter most.",
    ],
  },
  idle: {
    title: "How a round works",
    paragraphs: [
      "1. Forward pass: the network makes predictions. 2. Cost: one number J says how wrong they are. 3. Backpropagation: the chain rule gives the slope ∂J/∂w for every weight. 4. Gradient descent: every weight takes a step of size α against its slope.",
      "Each round, students guess the learning rate α. Guesses are scored by the loss the network really reaches with them. Then the class takes a step and watches what happens.",
    ],
  },
} as const;

export type ExplainKey = keyof typeof EXPLAIN;
